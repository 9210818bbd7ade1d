/**
 * Organizing in the app (the desktop app where Electron runs, else Chromium on
 * `atelier serve`), with the `color` model: tag the red image from the
 * keyboard, rate it, keep a note, and find it again with the tag and rating
 * filters. Elements are looked up by role and accessible name; each step
 * saves a screenshot under test-results/e2e/<target>/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageMarks } from '../../src/shared/organize';
import { json, runCli } from '../helpers/cli';
import { ROOT } from '../helpers/paths';
import { type E2eSession, indexedSession } from './helpers/session';
import { chosenTarget } from './helpers/target';

const target = chosenTarget();
const SHOTS = path.join(ROOT, 'test-results', 'e2e', target.kind);

describe(`Atelier (${target.kind}), organizing`, { timeout: 120_000 }, () => {
  let session: E2eSession | undefined;
  let lib: string;
  let data: string;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `organize-${name}.png`) });
  const results = () => page.getByRole('listbox', { name: 'Results' });
  const names = () =>
    results()
      .getByRole('option')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
  const marks = () => page.getByRole('region', { name: 'Tags, rating and note' });
  const search = async (text: string) => {
    const box = page.getByRole('searchbox', { name: 'Search' });
    await box.fill(text);
    await box.press('Enter');
  };

  beforeAll(async () => {
    session = await indexedSession(target.kind, SHOTS, 'organize');
    ({ library: lib, data, page } = session);
  }, 240_000);

  afterAll(() => session?.close());

  it('tags the active result from the keyboard, refusing a tag with a comma', async () => {
    await search('red');
    await expect.poll(async () => (await names())[0]).toBe('red.png');
    await results().focus();
    await page.keyboard.press('t');
    const field = marks().getByRole('combobox', { name: 'Add tag' });
    await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
    await field.fill('sunset, warm');
    await field.press('Enter');
    await marks().getByRole('alert').getByText('A tag cannot contain a comma').waitFor();
    await field.fill('Sunset');
    await field.press('Enter');
    await marks().getByRole('list', { name: 'Tags' }).getByText('Sunset', { exact: true }).waitFor();
    await expect.poll(() => field.inputValue()).toBe('');
    await shot('01-tagged');
  });

  it('rates it with a key and with a star, and keeps a note', async () => {
    await results().focus();
    await page.keyboard.press('4');
    const stars = marks().getByRole('radiogroup', { name: 'Rating' });
    await expect.poll(() => stars.getByRole('radio', { name: '4 stars' }).getAttribute('aria-checked')).toBe('true');
    await stars.getByRole('radio', { name: '5 stars' }).click();
    await expect.poll(() => stars.getByRole('radio', { name: '5 stars' }).getAttribute('aria-checked')).toBe('true');
    const note = marks().getByRole('textbox', { name: 'Note' });
    await note.fill('the sky in the final scene');
    await note.press('Enter');
    // What the app saved, read back by another process as a user would.
    const red = path.join(fs.realpathSync(lib), 'colours', 'red.png');
    await expect
      .poll(async () => json<ImageMarks>(await runCli(['info', red, '--json', '--data', data])).note)
      .toBe('the sky in the final scene');
    const info = json<ImageMarks>(await runCli(['info', red, '--json', '--data', data]));
    expect(info).toMatchObject({ tags: [{ tag: 'Sunset', source: 'user' }], rating: 5 });
    await shot('02-rated');
  });

  it('finds it again with the tag filter and the rating filter', async () => {
    await search('blue');
    await expect.poll(async () => (await names())[0]).toBe('blue.webp');
    expect((await names()).length).toBeGreaterThan(1);
    const tagFilter = page.getByRole('combobox', { name: 'Tag', exact: true });
    await tagFilter.focus();
    await tagFilter.selectOption({ label: 'Sunset (1)' });
    await expect.poll(names).toEqual(['red.png']);
    await shot('03-tag-filter');
    await tagFilter.selectOption({ label: 'Any tag' });
    await expect.poll(async () => (await names()).length).toBeGreaterThan(1);
    await page.getByRole('combobox', { name: 'Rating' }).selectOption({ label: '★★★★★ or more' });
    await expect.poll(names).toEqual(['red.png']);
    await tagFilter.selectOption({ label: 'Untagged' });
    await page.getByText('No images match').waitFor();
    await shot('04-rating-filter');
  });

  it('browses only the tagged image when the tag filter is set without a query', async () => {
    const tagFilter = page.getByRole('combobox', { name: 'Tag', exact: true });
    await tagFilter.selectOption({ label: 'Sunset (1)' });
    await page.getByRole('combobox', { name: 'Rating' }).selectOption({ label: 'Any rating' });
    await search('');
    await expect.poll(names).toEqual(['red.png']);
    await page.getByText('1 image', { exact: true }).waitFor();
    await shot('05-browse-filtered');
    await tagFilter.selectOption({ label: 'Any tag' });
    await expect.poll(async () => (await names()).length).toBeGreaterThan(1);
  });
});
