/**
 * Stacks (the desktop app where Electron runs, else Chromium on `atelier
 * serve`): a group of exact copies is stacked from the duplicate review, the
 * grid then shows the kept image alone with "+1", which opens the stack in
 * place (by a click, and by the E key) and is undone from the context menu.
 * What the app saved is read back by the CLI, as another process would. Each
 * step saves a screenshot.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuplicateGroup } from '../../src/shared/organize';
import { json, runCli } from '../helpers/cli';
import { COLOR_MODEL, ROOT } from '../helpers/paths';
import { type E2eSession, startSession } from './helpers/session';
import { type AppUnderTest, chosenTarget } from './helpers/target';

const target = chosenTarget();
const SHOTS = path.join(ROOT, 'test-results', 'e2e', target.kind);

describe(`Atelier (${target.kind}), stacks`, { timeout: 120_000 }, () => {
  let session: E2eSession | undefined;
  let lib: string;
  let data: string;
  let app: AppUnderTest;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `stacks-${name}.png`) });
  const results = () => page.getByRole('listbox', { name: 'Results' });
  const option = (name: string) => results().getByRole('option', { name, exact: true });
  const badge = () => option('red.png').getByRole('button', { name: '+1 stacked images' });
  const dialog = () => page.getByRole('dialog', { name: 'Duplicates' });
  const copies = () => dialog().getByRole('region', { name: /^Exact copies: / });
  const colour = (name: string) => path.join(fs.realpathSync(lib), 'colours', name);
  const copyGroup = async () =>
    json<{ groups: DuplicateGroup[] }>(await runCli(['duplicates', '--json', '--data', data])).groups.find(
      (g) => g.kind === 'copy',
    );

  beforeAll(async () => {
    session = await startSession(target.kind, SHOTS, 'stacks', async ({ library, data }) => {
      fs.copyFileSync(path.join(library, 'colours', 'red.png'), path.join(library, 'colours', 'red-copy.png'));
      const indexed = await runCli(['index', library, '--data', data, '--model', COLOR_MODEL]);
      expect(indexed.code, indexed.stderr).toBe(0);
    });
    ({ library: lib, data, app, page } = session);
    await app.open();
  }, 240_000);

  afterAll(() => session?.close());

  it('stacks a group of copies from the duplicate review under the image kept', async () => {
    await option('red-copy.png').waitFor();
    await page.getByRole('button', { name: 'Duplicates' }).click();
    await copies().getByRole('radio', { name: 'Keep red.png' }).check();
    await copies().getByRole('button', { name: 'Stack' }).click();
    await copies().getByRole('status').getByText('Stacked under red.png').waitFor();
    expect((await copyGroup())?.stack).toEqual({ cover: colour('red.png') });
    await shot('01-stacked');
    await dialog().getByRole('button', { name: 'Close duplicates' }).click();
  });

  it('shows the cover alone with +1, opening the stack in place by a click and by the keyboard', async () => {
    await badge().waitFor();
    await expect.poll(() => option('red-copy.png').count()).toBe(0);
    await badge().click();
    await option('red-copy.png').waitFor();
    expect(await badge().getAttribute('aria-expanded')).toBe('true');
    // The member comes right after its cover.
    const order = await results()
      .getByRole('option')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    expect(order[order.indexOf('red.png') + 1]).toBe('red-copy.png');
    await shot('02-open');

    await option('red.png').click();
    await results().press('e');
    await expect.poll(() => option('red-copy.png').count()).toBe(0);
    await results().press('e');
    await option('red-copy.png').waitFor();
    // E on a member closes its stack too.
    await option('red-copy.png').click();
    await results().press('e');
    await expect.poll(() => option('red-copy.png').count()).toBe(0);
  });

  it('unstacks from the context menu: both images show on their own again', async () => {
    await option('red.png').click({ button: 'right' });
    await page.getByRole('menu', { name: 'Actions for red.png' }).getByRole('menuitem', { name: 'Unstack' }).click();
    await option('red-copy.png').waitFor();
    await expect.poll(() => badge().count()).toBe(0);
    expect((await copyGroup())?.stack).toBeUndefined();
    await shot('03-unstacked');
  });
});
