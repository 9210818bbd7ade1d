/**
 * The results grid in the real app (the desktop app where Electron runs, else
 * Chromium on `atelier serve`): justified rows of equal height with each image
 * at its own aspect ratio, square tiles as the other layout, and the thumbnail
 * size from the slider, Ctrl + wheel and Ctrl +/- (but for a text field that has
 * focus), all kept after a reload.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths';
import { type E2eSession, indexedSession } from './helpers/session';
import { chosenTarget } from './helpers/target';

const target = chosenTarget();
const SHOTS = path.join(ROOT, 'test-results', 'e2e', target.kind);
const PRIMARY = process.platform === 'darwin' && target.kind === 'electron' ? 'Meta' : 'Control';

interface TileBox {
  name: string;
  top: number;
  width: number;
  height: number;
  /** The image's own width / height, read from the tile's tooltip ("451×300 PNG"). */
  aspect: number;
}

describe(`Atelier (${target.kind}), the results grid`, { timeout: 120_000 }, () => {
  let session: E2eSession | undefined;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `grid-${name}.png`) });
  const results = () => page.getByRole('listbox', { name: 'Results' });
  const slider = () => page.getByRole('slider', { name: 'Thumbnail size' });
  const layoutChoice = () => page.getByRole('combobox', { name: 'Layout' });
  const tiles = (): Promise<TileBox[]> =>
    results()
      .getByRole('option')
      .evaluateAll((els) =>
        els.map((el) => {
          const box = el.querySelector('.tile-image')!.getBoundingClientRect();
          const [w, h] = /(\d+)×(\d+)/
            .exec(el.getAttribute('title') ?? '')!
            .slice(1)
            .map(Number);
          return {
            name: el.getAttribute('aria-label')!,
            top: Math.round(box.top),
            width: box.width,
            height: box.height,
            aspect: w! / h!,
          };
        }),
      );

  beforeAll(async () => {
    session = await indexedSession(target.kind, SHOTS, 'grid');
    ({ page } = session);
  }, 240_000);

  afterAll(() => session?.close());

  it('shows justified rows: one height for every image, each at its own aspect ratio', async () => {
    const root = page.getByRole('tree', { name: 'Folders' }).getByRole('treeitem', { name: 'references' });
    await root.focus();
    await page.keyboard.press('ArrowRight');
    await root.getByRole('treeitem', { name: 'photos' }).click();
    // The folder's first listing, on a loaded machine.
    await expect.poll(async () => (await tiles()).length, { timeout: 20_000 }).toBe(7);
    expect(await layoutChoice().inputValue()).toBe('justified');
    const shown = await tiles();
    expect(new Set(shown.map((t) => Math.round(t.height))).size).toBe(1);
    expect(new Set(shown.map((t) => Math.round(t.width))).size).toBeGreaterThan(1);
    // Filling a row stretches its images alike (up to a pixel's rounding), never by more than a third.
    const rows = new Map<number, TileBox[]>();
    for (const tile of shown) rows.set(tile.top, [...(rows.get(tile.top) ?? []), tile]);
    expect(rows.size).toBeGreaterThan(1);
    for (const row of rows.values()) {
      const stretch = row.map((t) => t.width / t.height / t.aspect);
      for (const [i, s] of stretch.entries()) {
        expect(Math.abs(s - stretch[0]!), row[i]!.name).toBeLessThan(0.03);
        expect(s, row[i]!.name).toBeGreaterThan(1 / 1.36);
        expect(s, row[i]!.name).toBeLessThan(1.36);
      }
    }
    await shot('01-justified');
  });

  it('shows square tiles when chosen', async () => {
    await layoutChoice().selectOption('square');
    await expect
      .poll(async () => new Set((await tiles()).flatMap((t) => [Math.round(t.width), Math.round(t.height)])).size)
      .toBe(1);
    await shot('02-square');
    await layoutChoice().selectOption('justified');
  });

  it('sizes the thumbnails with the slider, Ctrl + wheel and Ctrl +/-, and keeps the size after a reload', async () => {
    await slider().fill('240');
    await expect.poll(async () => Math.round((await tiles())[0]!.height)).toBe(240);
    const box = (await results().boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.keyboard.down(PRIMARY);
    await page.mouse.wheel(0, -100);
    await page.keyboard.up(PRIMARY);
    await expect.poll(() => slider().inputValue()).toBe('260');
    await expect.poll(async () => Math.round((await tiles())[0]!.height)).toBe(260);
    await results().focus();
    await page.keyboard.press(`${PRIMARY}+-`);
    await expect.poll(() => slider().inputValue()).toBe('240');
    await page.keyboard.press(`${PRIMARY}+=`);
    await page.keyboard.press(`${PRIMARY}+=`);
    await expect.poll(() => slider().inputValue()).toBe('280');
    await layoutChoice().selectOption('square');
    await page.reload();
    await expect.poll(() => slider().inputValue()).toBe('280');
    expect(await layoutChoice().inputValue()).toBe('square');
    await expect.poll(async () => Math.round((await tiles())[0]?.width ?? 0)).toBeGreaterThanOrEqual(280);
    await shot('03-sized');
  });

  it('leaves Ctrl +/- to a text field that has focus: the search box and the prompt keep the size', async () => {
    await expect.poll(() => slider().inputValue()).toBe('280');
    const box = page.getByRole('searchbox', { name: 'Search' });
    await box.fill('red');
    await box.press(`${PRIMARY}+=`);
    await box.press(`${PRIMARY}+=`);
    await box.press(`${PRIMARY}+-`);
    const prompt = page.getByLabel('Prompt', { exact: true });
    await prompt.fill('a red cape');
    await prompt.press(`${PRIMARY}+=`);
    // The grid's own key comes after the fields' in the same queue: once it counts, theirs were seen and left.
    await results().focus();
    await page.keyboard.press(`${PRIMARY}+-`);
    await expect.poll(() => slider().inputValue()).toBe('260');
    expect(await box.inputValue()).toBe('red');
    expect(await prompt.inputValue()).toBe('a red cape');
    await prompt.fill('');
  });
});
