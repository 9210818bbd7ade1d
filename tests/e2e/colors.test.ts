/**
 * Searching by colour in the app (the desktop app where Electron runs, else
 * Chromium on `atelier serve`), with the `color` model: a colour picked in the
 * filter bar ranks the library by it; a swatch of the preview's palette
 * searches by that colour beside the text; a colour picked while showing
 * images like one result narrows them. Each step saves a screenshot under
 * test-results/e2e/<target>/.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths';
import { INDEXABLE } from './helpers/library';
import { type E2eSession, indexedSession } from './helpers/session';
import { chosenTarget } from './helpers/target';

const target = chosenTarget();
const SHOTS = path.join(ROOT, 'test-results', 'e2e', target.kind);

describe(`Atelier (${target.kind}), colours`, { timeout: 120_000 }, () => {
  let session: E2eSession | undefined;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `colors-${name}.png`) });
  const results = () => page.getByRole('listbox', { name: 'Results' });
  const names = () =>
    results()
      .getByRole('option')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
  const colours = () => page.getByRole('group', { name: 'Colours' });

  beforeAll(async () => {
    session = await indexedSession(target.kind, SHOTS, 'colors');
    page = session.page;
  }, 240_000);

  afterAll(() => session?.close());

  it('ranks the library by a colour picked in the filter bar, and forgets it when its swatch is clicked', async () => {
    await colours().getByLabel('Colour to search by').fill('#dc1919');
    await colours().getByRole('button', { name: 'Add colour' }).click();
    await expect.poll(async () => (await names())[0]).toBe('red.png');
    expect(await names()).not.toContain('blue.webp');
    await shot('01-picked');
    await colours().getByRole('button', { name: 'Remove colour #dc1919' }).click();
    await colours()
      .getByRole('button', { name: /^Remove colour/ })
      .waitFor({ state: 'detached' });
  });

  it("searches by a swatch of the preview's palette, beside the text", async () => {
    const box = page.getByRole('searchbox', { name: 'Search' });
    await box.fill('blue');
    await box.press('Enter');
    await expect.poll(async () => (await names())[0]).toBe('blue.webp');
    const unfiltered = await names();
    await results().focus();
    await page.keyboard.press('Enter');
    const preview = page.getByRole('dialog', { name: 'Preview of blue.webp' });
    const swatch = preview.getByRole('group', { name: 'Palette' }).getByRole('button', { name: /^Search by colour #/ });
    await expect.poll(() => swatch.count()).toBe(1);
    const hex = /#[0-9a-f]{6}/.exec((await swatch.getAttribute('aria-label'))!)![0];
    await shot('02-palette');
    await swatch.click();
    await preview.waitFor({ state: 'hidden' });
    await colours()
      .getByRole('button', { name: `Remove colour ${hex}` })
      .waitFor();
    // The text's order is kept, narrowed to the images holding that blue.
    await expect.poll(async () => (await names()).length).toBeLessThan(unfiltered.length);
    const filtered = await names();
    expect(filtered[0]).toBe('blue.webp');
    expect(filtered).not.toContain('red.png');
    expect(filtered).toEqual(unfiltered.filter((n) => filtered.includes(n)));
    expect(await box.inputValue()).toBe('blue');
    await shot('03-by-swatch');
  });

  it('narrows the images like one result to those holding a colour picked, keeping their order', async () => {
    const remove = colours().getByRole('button', { name: /^Remove colour/ });
    while ((await remove.count()) > 0) await remove.first().click();
    const box = page.getByRole('searchbox', { name: 'Search' });
    await box.fill('blue');
    await box.press('Enter');
    await expect.poll(async () => (await names())[0]).toBe('blue.webp');
    await results().focus();
    await page.keyboard.press('Enter');
    const preview = page.getByRole('dialog', { name: 'Preview of blue.webp' });
    await preview.getByRole('button', { name: 'More like this' }).click();
    await preview.waitFor({ state: 'hidden' });
    // The grid draws only the rows in view; each tile says how many results there are.
    const total = async () => Number(await results().getByRole('option').first().getAttribute('aria-setsize'));
    // The image searched by is no result; every other image is.
    await expect.poll(total).toBe(INDEXABLE - 1);
    const alike = await names();
    await colours().getByLabel('Colour to search by').fill('#1932dc');
    await colours().getByRole('button', { name: 'Add colour' }).click();
    await expect.poll(total).toBeLessThan(INDEXABLE - 1);
    const narrowed = await names();
    expect(narrowed.length).toBeGreaterThan(0);
    expect(narrowed).not.toContain('red.png');
    expect(narrowed).not.toContain('blue.webp');
    // In the order they had among the images like it.
    const kept = alike.filter((n) => narrowed.includes(n));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept).toEqual(narrowed.filter((n) => alike.includes(n)));
    expect(await box.inputValue()).toBe('');
    await shot('04-like-this-by-colour');
  });
});
