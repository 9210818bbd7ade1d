/**
 * The duplicate review (the desktop app where Electron runs, else Chromium on
 * `atelier serve`): an exact copy and a half-size look-alike of a photo appear
 * as groups with their facts; the threshold narrows the look-alikes; "Keep
 * all" sets a group aside, and the others of a group go to the system trash
 * (the freedesktop trash under the test's own XDG_DATA_HOME) only after a
 * confirmation, leaving the library. Each step saves a screenshot.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuplicateGroup } from '../../src/shared/organize';
import { json, runCli } from '../helpers/cli';
import { COLOR_MODEL, ROOT } from '../helpers/paths';
import { type E2eSession, startSession } from './helpers/session';
import { type AppUnderTest, chosenTarget } from './helpers/target';

const target = chosenTarget();
const SHOTS = path.join(ROOT, 'test-results', 'e2e', target.kind);

describe(`Atelier (${target.kind}), duplicate review`, { timeout: 120_000 }, () => {
  let session: E2eSession | undefined;
  let lib: string;
  let data: string;
  let app: AppUnderTest;
  let page: Page;
  const dataHome = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-e2e-trash-'));
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `duplicates-${name}.png`) });
  const dialog = () => page.getByRole('dialog', { name: 'Duplicates' });
  const group = (name: RegExp) => dialog().getByRole('region', { name });
  const copies = () => group(/^Exact copies: /);
  const lookalike = () => group(/^Look alike .*: astronaut-half\.jpg$/);
  const at = (...parts: string[]) => path.join(fs.realpathSync(lib), ...parts);
  const cliGroups = async () =>
    json<{ groups: DuplicateGroup[] }>(await runCli(['duplicates', '--json', '--data', data])).groups;

  beforeAll(async () => {
    session = await startSession(
      target.kind,
      SHOTS,
      'duplicates',
      async ({ library, data }) => {
        fs.copyFileSync(path.join(library, 'colours', 'red.png'), path.join(library, 'colours', 'red-copy.png'));
        const astronaut = path.join(library, 'photos', 'astronaut.png');
        const { width } = await sharp(astronaut).metadata();
        await sharp(astronaut)
          .removeAlpha()
          .resize(Math.round(width / 2))
          .jpeg({ quality: 80 })
          .toFile(path.join(library, 'photos', 'astronaut-half.jpg'));
        const indexed = await runCli(['index', library, '--data', data, '--model', COLOR_MODEL]);
        expect(indexed.code, indexed.stderr).toBe(0);
      },
      'color',
      { XDG_DATA_HOME: dataHome },
    );
    ({ library: lib, data, app, page } = session);
    await app.open();
  }, 240_000);

  afterAll(async () => {
    await session?.close();
    fs.rmSync(dataHome, { recursive: true, force: true });
  });

  it('shows exact copies and a look-alike side by side with their facts', async () => {
    await page.getByRole('button', { name: 'Duplicates' }).click();
    await copies().waitFor();
    await copies().getByRole('radio', { name: 'Keep red.png' }).waitFor();
    await copies().getByRole('radio', { name: 'Keep red-copy.png' }).waitFor();
    await lookalike().waitFor();
    // The full-size photo is kept unless another is picked: it has the most pixels.
    expect(await lookalike().getByRole('radio', { name: 'Keep astronaut.png' }).isChecked()).toBe(true);
    const { width, height } = await sharp(at('photos', 'astronaut.png')).metadata();
    await lookalike().getByText(`${width}×${height}`).waitFor();
    await lookalike().getByText('JPEG', { exact: true }).waitFor();
    await lookalike().getByText(at('photos'), { exact: true }).first().waitFor();
    await shot('01-groups');
  });

  it('narrows the look-alikes as the threshold rises; copies stay', async () => {
    const slider = dialog().getByRole('slider', { name: 'Similarity threshold' });
    await slider.fill('1');
    await expect.poll(() => lookalike().count()).toBe(0);
    await copies().waitFor();
    await slider.fill('0.985');
    await lookalike().waitFor();
  });

  it('keeps all of one group, and moves the others of another to the trash after a confirmation', async () => {
    await lookalike().getByRole('button', { name: 'Keep all' }).click();
    await lookalike().getByRole('status').getByText('Kept all').waitFor();
    expect(fs.existsSync(at('photos', 'astronaut-half.jpg'))).toBe(true);

    await copies().getByRole('radio', { name: 'Keep red.png' }).check();
    await copies().getByRole('button', { name: 'Move the others to the trash' }).click();
    const confirm = copies().getByRole('alertdialog', { name: 'Move 1 file to the trash?' });
    await confirm.getByText('Keeps red.png').waitFor();
    await shot('02-confirm');
    // Nothing moves before the confirmation.
    expect(fs.existsSync(at('colours', 'red-copy.png'))).toBe(true);
    await confirm.getByRole('button', { name: 'Move to the trash' }).click();
    await copies().getByRole('status').getByText('1 file moved to the trash').waitFor();
    expect(fs.existsSync(at('colours', 'red-copy.png'))).toBe(false);
    expect(fs.existsSync(at('colours', 'red.png'))).toBe(true);
    // In the trash, with the record a file manager restores it from.
    const trashed = fs.readdirSync(path.join(dataHome, 'Trash', 'files'));
    expect(trashed).toHaveLength(1);
    expect(fs.readFileSync(path.join(dataHome, 'Trash', 'files', trashed[0]!))).toEqual(
      fs.readFileSync(at('colours', 'red.png')),
    );
    const info = fs.readFileSync(path.join(dataHome, 'Trash', 'info', `${trashed[0]!}.trashinfo`), 'utf8');
    expect(info).toContain(`Path=${encodeURI(at('colours', 'red-copy.png'))}`);
    // The library forgot it: no copy group is left.
    expect((await cliGroups()).filter((g) => g.kind === 'copy')).toEqual([]);
    await shot('03-trashed');
  });
});
