/**
 * The window at the sizes people use, in the real app (the desktop app where
 * Electron runs, else Chromium on `atelier serve`): at 1440×900 all three
 * columns show; below about 1200 px the library and the references fold into
 * toggles in the header and open over the results; at 1024×700 no control
 * overlaps another or leaves the window; at 800×600 the grid still has at
 * least two columns. Screenshots of each size go to test-results/e2e/<target>/.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths';
import { type E2eSession, indexedSession } from './helpers/session';
import { chosenTarget } from './helpers/target';

const target = chosenTarget();
const SHOTS = path.join(ROOT, 'test-results', 'e2e', target.kind);

/** Every visible control (and heading) pair that overlaps, neither inside the other, and any leaving the window. */
function clashes(page: Page, scope: string): Promise<string[]> {
  return page.evaluate((scope) => {
    const root = document.querySelector(scope)!;
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30)}"`;
    const controls = Array.from(root.querySelectorAll('button, select, input, textarea, h1, h2, .model-pill, .crumb'))
      .filter((el) => !el.closest('[role="listbox"]'))
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      .filter(({ el, box }) => box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden');
    const found: string[] = [];
    for (const { el, box } of controls) {
      if (box.left < 0 || box.top < 0 || box.right > innerWidth + 0.5 || box.bottom > innerHeight + 0.5) {
        found.push(`${name(el)} leaves the window`);
      }
    }
    for (let i = 0; i < controls.length; i++) {
      for (let j = i + 1; j < controls.length; j++) {
        const a = controls[i]!;
        const b = controls[j]!;
        if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
        const overlap =
          Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left) > 1 &&
          Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top) > 1;
        if (overlap) found.push(`${name(a.el)} overlaps ${name(b.el)}`);
      }
    }
    return found;
  }, scope);
}

describe(`Atelier (${target.kind}), the layout at each window size`, { timeout: 120_000 }, () => {
  let session: E2eSession | undefined;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `layout-${name}.png`) });
  const results = () => page.getByRole('listbox', { name: 'Results' });
  const toggle = (name: string) => page.getByRole('button', { name, exact: true });
  /** How many tiles the grid's first row holds. */
  const firstRow = () =>
    results()
      .getByRole('option')
      .evaluateAll((els) => {
        const tops = els.map((el) => Math.round(el.getBoundingClientRect().top));
        return tops.filter((top) => top === tops[0]).length;
      });

  beforeAll(async () => {
    session = await indexedSession(target.kind, SHOTS, 'layout');
    ({ page } = session);
    await page.setViewportSize({ width: 1440, height: 900 });
    await results().getByRole('option').first().click();
  }, 240_000);

  afterAll(() => session?.close());

  it('shows the three columns at 1440×900, with no toggles', async () => {
    await page.getByRole('heading', { name: 'Library' }).waitFor();
    await page.getByRole('heading', { name: 'References' }).waitFor();
    expect(await toggle('Library').isVisible()).toBe(false);
    expect(await clashes(page, 'body')).toEqual([]);
    await shot('1440x900');
  });

  it('folds the side panels into toggles at 1024×700, where nothing overlaps', async () => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await toggle('Library').waitFor();
    expect(await page.getByRole('heading', { name: 'References' }).isVisible()).toBe(false);
    expect(await clashes(page, 'body')).toEqual([]);
    await shot('1024x700');

    await toggle('References').click();
    expect(await toggle('References').getAttribute('aria-expanded')).toBe('true');
    await page.getByRole('heading', { name: 'References' }).waitFor();
    expect(await clashes(page, '#references-panel')).toEqual([]);
    await shot('1024x700-references');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('heading', { name: 'References' }).isVisible()).toBe(false);

    await toggle('Library').click();
    await page.getByRole('tree', { name: 'Folders' }).waitFor();
    expect(await clashes(page, '#library-panel')).toEqual([]);
    await toggle('Library').click();
    await expect.poll(() => page.getByRole('tree', { name: 'Folders' }).isVisible()).toBe(false);
  });

  it('opens the folded references when a result is dragged, so it can be dropped in the tray', async () => {
    const tile = results().getByRole('option').nth(1);
    const name = (await tile.getAttribute('aria-label'))!;
    const from = (await tile.boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 30, from.y + from.height / 2 + 10, { steps: 4 });
    const empty = page.getByText(/^Drag results/);
    await empty.waitFor();
    const to = (await empty.boundingBox())!;
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 6 });
    await page.mouse.up();
    await page.getByRole('list', { name: 'References', exact: true }).getByRole('listitem', { name }).waitFor();
    await toggle('References').click();
  });

  it('keeps at least two columns in the grid at 800×600, and nothing overlaps', async () => {
    await page.setViewportSize({ width: 800, height: 600 });
    await expect.poll(firstRow).toBeGreaterThanOrEqual(2);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
    expect(await clashes(page, 'body')).toEqual([]);
    await shot('800x600');
  });
});
