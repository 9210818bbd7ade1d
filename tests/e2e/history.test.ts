/**
 * History and focus in the real app (the desktop app where Electron runs, else
 * Chromium on `atelier serve`): back and forward through searches and folders
 * with Alt+Left/Right, the mouse's back and forward buttons and the header's
 * buttons; Ctrl+K and `/` focus the search box; Escape in it clears the query;
 * Backspace in an empty box lets go of the example image.
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
const BACK = process.platform === 'darwin' && target.kind === 'electron' ? 'Meta+BracketLeft' : 'Alt+ArrowLeft';
const FORWARD = process.platform === 'darwin' && target.kind === 'electron' ? 'Meta+BracketRight' : 'Alt+ArrowRight';

describe(`Atelier (${target.kind}), history and focus`, { timeout: 120_000 }, () => {
  let session: E2eSession | undefined;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `history-${name}.png`) });
  const results = () => page.getByRole('listbox', { name: 'Results' });
  const box = () => page.getByRole('searchbox', { name: 'Search' });
  const first = () => results().getByRole('option').first().getAttribute('aria-label');
  const here = async () => {
    const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' });
    return (await crumbs.count()) === 0 ? null : crumbs.locator('[aria-current="page"]').textContent();
  };
  /** Where the grid is, once it has settled: the folder browsed (no query), or the query and the first result. */
  const where = async () => {
    if ((await results().getAttribute('aria-busy')) !== 'false') return 'busy';
    return { folder: await here(), query: await box().inputValue(), first: await first() };
  };
  /** A search's answer may take a while on a loaded machine. */
  const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 20_000 });
  const search = async (text: string) => {
    await box().fill(text);
    await box().press('Enter');
  };
  /** The mouse's own back or forward button, as the OS sends it. */
  const mouseButton = async (button: 'back' | 'forward') => {
    const cdp = await page.context().newCDPSession(page);
    const at = { x: 400, y: 400 };
    await cdp.send('Input.dispatchMouseEvent', { type: 'mousePressed', button, clickCount: 1, ...at });
    await cdp.send('Input.dispatchMouseEvent', { type: 'mouseReleased', button, clickCount: 1, ...at });
    await cdp.detach();
  };

  beforeAll(async () => {
    session = await indexedSession(target.kind, SHOTS, 'history');
    ({ page } = session);
  }, 240_000);

  afterAll(() => session?.close());

  it('goes back and forward through a folder and two searches with Alt+Left/Right', async () => {
    await expect.poll(() => here()).toBe('Library');
    expect(await page.getByRole('button', { name: 'Back' }).isDisabled()).toBe(true);
    const root = page.getByRole('tree', { name: 'Folders' }).getByRole('treeitem', { name: 'references' });
    await root.focus();
    await page.keyboard.press('ArrowRight');
    await root.getByRole('treeitem', { name: 'colours' }).click();
    await expect.poll(() => here()).toBe('colours');
    await search('red');
    await eventually(where).toEqual({ folder: null, query: 'red', first: 'red.png' });
    await search('blue');
    await eventually(where).toEqual({ folder: null, query: 'blue', first: 'blue.webp' });

    await results().focus();
    await page.keyboard.press(BACK);
    await eventually(where).toEqual({ folder: null, query: 'red', first: 'red.png' });
    await page.keyboard.press(BACK);
    await eventually(async () => {
      const now = await where();
      return now === 'busy' ? now : { ...now, first: null };
    }).toEqual({ folder: 'colours', query: '', first: null });
    await page.keyboard.press(BACK);
    await expect.poll(() => here()).toBe('Library');
    expect(await page.getByRole('button', { name: 'Back' }).isDisabled()).toBe(true);
    await page.keyboard.press(FORWARD);
    await expect.poll(() => here()).toBe('colours');
    await page.keyboard.press(FORWARD);
    await eventually(where).toEqual({ folder: null, query: 'red', first: 'red.png' });
    await shot('01-back-forward');
  });

  it('goes back and forward with the mouse’s buttons and the header’s', async () => {
    await mouseButton('back');
    await expect.poll(() => here()).toBe('colours');
    await mouseButton('forward');
    await eventually(where).toEqual({ folder: null, query: 'red', first: 'red.png' });
    await page.getByRole('button', { name: 'Forward' }).click();
    await eventually(where).toEqual({ folder: null, query: 'blue', first: 'blue.webp' });
    expect(await page.getByRole('button', { name: 'Forward' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Back' }).click();
    await eventually(where).toEqual({ folder: null, query: 'red', first: 'red.png' });
    // A new search after going back drops the places ahead.
    await search('green');
    await eventually(where).toEqual({ folder: null, query: 'green', first: 'green.jpg' });
    expect(await page.getByRole('button', { name: 'Forward' }).isDisabled()).toBe(true);
  });

  it('focuses the search box with Ctrl+K and with /, and clears the query with Escape', async () => {
    const focused = () => box().evaluate((el) => el === document.activeElement);
    await results().focus();
    await page.keyboard.press(`${PRIMARY}+k`);
    await expect.poll(focused).toBe(true);
    await results().focus();
    expect(await focused()).toBe(false);
    await page.keyboard.press('/');
    await expect.poll(focused).toBe(true);
    // The key focused the box; it typed nothing into it.
    expect(await box().inputValue()).toBe('green');
    await page.keyboard.press('Escape');
    await expect.poll(() => box().inputValue()).toBe('');
    // With no query, the grid shows the folder the search was made in.
    await expect.poll(() => here()).toBe('colours');
  });

  it('lets go of the example image with Backspace in the empty search box', async () => {
    await results().getByRole('option', { name: 'pink.png' }).click();
    await page.getByRole('button', { name: 'More like this' }).click();
    const chip = page.getByRole('button', { name: 'Stop searching by pink.png' });
    await chip.waitFor();
    await expect.poll(() => results().getAttribute('aria-busy')).toBe('false');
    await box().focus();
    await page.keyboard.press('Backspace');
    await expect.poll(() => chip.count()).toBe(0);
    await expect.poll(() => here()).toBe('colours');
    // Going back brings the example search back, its image shown.
    await page.keyboard.press(BACK);
    await chip.waitFor();
    expect(
      await page.locator('.example-chip img').evaluate((img: HTMLImageElement) => img.naturalWidth),
    ).toBeGreaterThan(0);
    await shot('02-example-back');
  });
});
