/**
 * Selecting several results in the real app (the desktop app where Electron
 * runs, else Chromium on `atelier serve`): click, Shift-click for a range,
 * Ctrl/⌘-click to toggle, Ctrl/⌘+A, Escape; the selection bar's count and its
 * batch actions (compare two, copy paths, tag, rate, add to references up to the model's
 * limit, naming what did not fit), which the context menu and the keys of a selected result
 * also apply to the whole selection; and dragging the selection into the tray.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageMarks } from '../../src/shared/organize';
import { json, runCli } from '../helpers/cli';
import { ROOT } from '../helpers/paths';
import { type E2eSession, indexedSession } from './helpers/session';
import { type AppUnderTest, chosenTarget } from './helpers/target';

const target = chosenTarget();
const SHOTS = path.join(ROOT, 'test-results', 'e2e', target.kind);
/** The colours folder by name, as the grid shows it sorted by name. */
const COLOURS = ['blue.webp', 'green.jpg', 'orange.png', 'pink.png', 'purple.png', 'red.png', 'teal.png', 'yellow.png'];
const PRIMARY = process.platform === 'darwin' && target.kind === 'electron' ? 'Meta' : 'Control';

describe(`Atelier (${target.kind}), selecting results`, { timeout: 120_000 }, () => {
  let session: E2eSession | undefined;
  let lib: string;
  let data: string;
  let app: AppUnderTest;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `selection-${name}.png`) });
  const results = () => page.getByRole('listbox', { name: 'Results' });
  const option = (name: string) => results().getByRole('option', { name, exact: true });
  const selectedNames = () =>
    results()
      .locator('[role="option"][aria-selected="true"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
  const bar = () => page.getByRole('region', { name: 'Selection' });
  const tray = () => page.getByRole('list', { name: 'References', exact: true });
  const trayNames = () =>
    tray()
      .getByRole('listitem')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
  const info = async (name: string) =>
    json<ImageMarks>(
      await runCli(['info', path.join(fs.realpathSync(lib), 'colours', name), '--json', '--data', data]),
    );

  beforeAll(async () => {
    session = await indexedSession(target.kind, SHOTS, 'select');
    ({ library: lib, data, app, page } = session);
  }, 240_000);

  afterAll(() => session?.close());

  it('selects with a click, a Shift-click range and a Ctrl-click toggle, and shows how many', async () => {
    const root = page.getByRole('tree', { name: 'Folders' }).getByRole('treeitem', { name: 'references' });
    await root.focus();
    await page.keyboard.press('ArrowRight');
    await root.getByRole('treeitem', { name: 'colours' }).click();
    await page.getByLabel('Sort').selectOption('name');
    await page.getByLabel('Order').selectOption('asc');
    await expect
      .poll(
        () =>
          results()
            .getByRole('option')
            .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label'))),
        // The folder's first listing, on a loaded machine.
        { timeout: 20_000 },
      )
      .toEqual(COLOURS);

    await option('blue.webp').click();
    await expect.poll(selectedNames).toEqual(['blue.webp']);
    expect(await bar().count()).toBe(0);
    await option('pink.png').click({ modifiers: ['Shift'] });
    await expect.poll(selectedNames).toEqual(['blue.webp', 'green.jpg', 'orange.png', 'pink.png']);
    await bar().getByText('4 images selected').waitFor();
    await option('green.jpg').click({ modifiers: [PRIMARY] });
    await expect.poll(selectedNames).toEqual(['blue.webp', 'orange.png', 'pink.png']);
    await bar().getByText('3 images selected').waitFor();
    await shot('01-toggled');
  });

  it('selects everything with Ctrl+A and clears the selection with Escape', async () => {
    await results().focus();
    await page.keyboard.press(`${PRIMARY}+a`);
    await expect.poll(selectedNames).toEqual(COLOURS);
    await bar().getByText('8 images selected').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(selectedNames).toEqual([]);
    expect(await bar().count()).toBe(0);
  });

  it('compares two selected images side by side, with C or the Compare button', async () => {
    await option('blue.webp').click();
    await option('red.png').click({ modifiers: [PRIMARY] });
    await bar().getByText('2 images selected').waitFor();
    const compare = page.getByRole('dialog', { name: 'Comparing blue.webp with red.png' });
    await results().focus();
    await page.keyboard.press('c');
    await compare.waitFor();
    expect(await compare.getByRole('figure').count()).toBe(2);
    await page.keyboard.press('Escape');
    await compare.waitFor({ state: 'hidden' });
    await bar().getByRole('button', { name: 'Compare' }).click();
    await compare.waitFor();
    await page.keyboard.press('Escape');
    await compare.waitFor({ state: 'hidden' });
    // Three selected: nothing to compare two by two.
    await option('green.jpg').click({ modifiers: [PRIMARY] });
    await bar().getByText('3 images selected').waitFor();
    expect(await bar().getByRole('button', { name: 'Compare' }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(selectedNames).toEqual([]);
  });

  it('copies the paths of the selection, one a line', async () => {
    await option('red.png').click();
    await option('yellow.png').click({ modifiers: ['Shift'] });
    await bar().getByRole('button', { name: 'Copy paths' }).click();
    await bar().getByText('3 paths copied').waitFor();
    const dir = path.join(fs.realpathSync(lib), 'colours');
    const three = ['red.png', 'teal.png', 'yellow.png'].map((n) => path.join(dir, n));
    expect((await app.clipboardText()).split('\n')).toEqual(three);
    const clear = () => page.evaluate(() => navigator.clipboard.writeText(''));

    // The context menu of a result in the selection acts on all of it.
    await clear();
    await option('teal.png').click({ button: 'right' });
    const menu = page.getByRole('menu', { name: 'Actions for teal.png' });
    await menu.getByRole('menuitem', { name: 'Add 3 to references' }).waitFor();
    await menu.getByRole('menuitem', { name: /^Copy 3 paths/ }).click();
    await expect.poll(async () => (await app.clipboardText()).split('\n')).toEqual(three);
    expect(await selectedNames()).toEqual(['red.png', 'teal.png', 'yellow.png']);
    // So does its shortcut.
    await clear();
    await results().focus();
    await page.keyboard.press(`${PRIMARY}+c`);
    await expect.poll(async () => (await app.clipboardText()).split('\n')).toEqual(three);
    // A result outside the selection is one result again.
    await option('blue.webp').click({ button: 'right' });
    await page
      .getByRole('menu', { name: 'Actions for blue.webp' })
      .getByRole('menuitem', { name: /^Copy path/ })
      .click();
    await expect.poll(() => app.clipboardText()).toBe(path.join(dir, 'blue.webp'));
    await option('red.png').click();
    await option('yellow.png').click({ modifiers: ['Shift'] });
    await bar().getByText('3 images selected').waitFor();
  });

  it('tags and rates every selected image, refusing a bad tag by saying why', async () => {
    const field = bar().getByRole('textbox', { name: 'Tag the selection' });
    await field.fill('warm, cool');
    await field.press('Enter');
    await bar().getByRole('alert').getByText('A tag cannot contain a comma').waitFor();
    await field.fill('palette');
    await field.press('Enter');
    await expect.poll(() => field.inputValue()).toBe('');
    await bar().getByRole('combobox', { name: 'Rate the selection' }).selectOption({ label: '★★★★ 4' });
    await expect.poll(async () => (await info('yellow.png')).rating).toBe(4);
    for (const name of ['red.png', 'teal.png', 'yellow.png']) {
      expect(await info(name)).toMatchObject({ tags: [{ tag: 'palette' }], rating: 4 });
    }
    expect(await info('pink.png')).toMatchObject({ tags: [], rating: 0 });
    await shot('02-tagged');
  });

  it('adds the selection to the references up to the model’s limit, naming what did not fit', async () => {
    await results().focus();
    await page.keyboard.press(`${PRIMARY}+a`);
    await bar().getByRole('button', { name: 'Add to references' }).click();
    await expect.poll(trayNames).toEqual(['blue.webp', 'green.jpg', 'orange.png']);
    const refused = page.getByRole('alert').filter({ hasText: 'not added' });
    await refused
      .getByText(
        'pink.png, purple.png, red.png, teal.png, yellow.png were not added: Gemini 2.5 Flash Image takes up to 3 references.',
      )
      .waitFor();
    expect(await bar().getByRole('button', { name: 'Add to references' }).isDisabled()).toBe(true);
    await shot('03-references');
    for (const name of await trayNames()) {
      await page.getByRole('button', { name: `Remove ${name!} from references` }).click();
    }
    await expect.poll(trayNames).toEqual([]);
  });

  it('drags the whole selection into the tray', async () => {
    await page.keyboard.press('Escape');
    await option('purple.png').click();
    await option('teal.png').click({ modifiers: [PRIMARY] });
    await bar().getByText('2 images selected').waitFor();
    await option('teal.png').dragTo(page.getByText(/^Drag results/));
    await expect.poll(trayNames).toEqual(['purple.png', 'teal.png']);
    // The drag left the selection as it was.
    expect(await selectedNames()).toEqual(['purple.png', 'teal.png']);
  });
});
