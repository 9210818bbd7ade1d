/**
 * Auto-tags in the app (the desktop app where Electron runs, else Chromium on
 * `atelier serve`), with the `color` model, whose vectors mean colours: define
 * a tag by the description "red", watch its matches follow the threshold, save
 * it, see it on the red image marked as an auto-tag beside a tag the user
 * gave, and remove it in one step. Each step saves a screenshot.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AutoTagView, ImageMarks } from '../../src/shared/organize';
import { json, runCli } from '../helpers/cli';
import { COLOR_MODEL, ROOT } from '../helpers/paths';
import { INDEXABLE } from './helpers/library';
import { type E2eSession, startSession } from './helpers/session';
import { type AppUnderTest, chosenTarget } from './helpers/target';

const target = chosenTarget();
const SHOTS = path.join(ROOT, 'test-results', 'e2e', target.kind);

describe(`Atelier (${target.kind}), auto-tags`, { timeout: 120_000 }, () => {
  let session: E2eSession | undefined;
  let lib: string;
  let data: string;
  let app: AppUnderTest;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `autotags-${name}.png`) });
  const dialog = () => page.getByRole('dialog', { name: 'Auto-tags' });
  const form = () => dialog().getByRole('form', { name: 'Define an auto-tag' });
  const matches = () =>
    form()
      .getByRole('list', { name: 'Matches' })
      .getByRole('listitem')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
  const matchCount = async () => {
    const text = (await form().getByRole('status').textContent()) ?? '';
    return Number(/^(\d+) image/.exec(text)?.[1] ?? NaN);
  };
  const marks = () => page.getByRole('region', { name: 'Tags, rating and note' });
  const red = () => path.join(fs.realpathSync(lib), 'colours', 'red.png');

  beforeAll(async () => {
    session = await startSession(target.kind, SHOTS, 'autotags', async ({ library, data }) => {
      const indexed = await runCli(['index', library, '--data', data, '--model', COLOR_MODEL]);
      expect(indexed.code, indexed.stderr).toBe(0);
    });
    ({ library: lib, data, app, page } = session);
    await app.open();
  }, 240_000);

  afterAll(() => session?.close());

  it('previews a description’s matches live as the threshold moves', async () => {
    await page.getByRole('listitem', { name: 'references' }).getByText(`${INDEXABLE} images`).waitFor();
    await page.getByRole('button', { name: 'Auto-tags' }).click();
    await dialog().getByText('Nothing is tagged automatically until you define a tag here.').waitFor();
    await form().getByRole('textbox', { name: 'Tag' }).fill('Reds');
    await form().getByRole('textbox', { name: 'Description' }).fill('red');
    const slider = form().getByRole('slider', { name: 'Threshold' });
    await slider.fill('0.3');
    await expect.poll(async () => (await matches())[0]).toBe('red.png');
    await expect.poll(matchCount).toBeGreaterThan(1);
    const loose = await matchCount();
    await slider.fill('0.95');
    await expect.poll(matchCount).toBeLessThan(loose);
    await expect.poll(async () => (await matches())[0]).toBe('red.png');
    await shot('01-preview');
  });

  it('saves it, tags the library, and shows the tag on the red image as an auto-tag', async () => {
    const strict = await matchCount();
    await form().getByRole('button', { name: 'Save and tag the library' }).click();
    await dialog().getByRole('list', { name: 'Defined auto-tags' }).getByRole('listitem', { name: 'Reds' }).waitFor();
    const [saved] = json<AutoTagView[]>(await runCli(['autotag', 'list', '--json', '--data', data]));
    expect(saved).toMatchObject({ tag: 'Reds', prompt: 'red', threshold: 0.95, count: strict });
    await dialog().getByRole('button', { name: 'Close auto-tags' }).click();

    const box = page.getByRole('searchbox', { name: 'Search' });
    await box.fill('red');
    await box.press('Enter');
    const first = page.getByRole('listbox', { name: 'Results' }).getByRole('option').first();
    await expect.poll(() => first.getAttribute('aria-label')).toBe('red.png');
    await first.click();
    await marks().getByRole('listitem', { name: 'Reds (auto-tag)' }).waitFor();
    const field = marks().getByRole('combobox', { name: 'Add tag' });
    await field.fill('reds');
    await field.press('Enter');
    await marks().getByRole('listitem', { name: 'Reds', exact: true }).waitFor();
    await shot('02-sources');
  });

  it('removes the auto-tag in one step; the tag the user gave stays', async () => {
    await page.getByRole('button', { name: 'Auto-tags' }).click();
    await dialog().getByRole('button', { name: 'Remove auto-tag Reds' }).click();
    await dialog().getByText('Nothing is tagged automatically until you define a tag here.').waitFor();
    await dialog().getByRole('button', { name: 'Close auto-tags' }).click();
    await expect.poll(() => marks().getByRole('listitem', { name: 'Reds (auto-tag)' }).count()).toBe(0);
    const info = json<ImageMarks>(await runCli(['info', red(), '--json', '--data', data]));
    expect(info.tags).toEqual([{ tag: 'Reds', source: 'user' }]);
  });
});
