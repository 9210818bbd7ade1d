/**
 * Collections in the sidebar (the desktop app where Electron runs, else
 * Chromium on `atelier serve`): make one, refuse a name in use, drag a
 * selection onto it, open it as the grid's view in its own order, rename it,
 * send it to the references and delete it. What the app saved is read back by
 * the CLI, as another process would. Each step saves a screenshot.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectionSummary, CollectionView } from '../../src/shared/organize';
import { json, runCli } from '../helpers/cli';
import { COLOR_MODEL, ROOT } from '../helpers/paths';
import { type E2eSession, startSession } from './helpers/session';
import { type AppUnderTest, chosenTarget } from './helpers/target';

const target = chosenTarget();
const SHOTS = path.join(ROOT, 'test-results', 'e2e', target.kind);
const PRIMARY = process.platform === 'darwin' && target.kind === 'electron' ? 'Meta' : 'Control';

describe(`Atelier (${target.kind}), collections`, { timeout: 120_000 }, () => {
  let session: E2eSession | undefined;
  let lib: string;
  let data: string;
  let app: AppUnderTest;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `collections-${name}.png`) });
  const results = () => page.getByRole('listbox', { name: 'Results' });
  const option = (name: string) => results().getByRole('option', { name, exact: true });
  const names = () =>
    results()
      .getByRole('option')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
  const panel = () => page.getByRole('region', { name: 'Collections' });
  const row = (name: string) => panel().getByRole('listitem', { name, exact: true });
  const colour = (name: string) => path.join(fs.realpathSync(lib), 'colours', name);
  const saved = async (name: string) =>
    json<CollectionView>(await runCli(['collection', 'show', name, '--json', '--data', data])).paths;

  beforeAll(async () => {
    session = await startSession(target.kind, SHOTS, 'collections', async ({ library, data }) => {
      const indexed = await runCli(['index', library, '--data', data, '--model', COLOR_MODEL]);
      expect(indexed.code, indexed.stderr).toBe(0);
      const made = await runCli(['collection', 'create', 'Palette', '--data', data]);
      expect(made.code, made.stderr).toBe(0);
    });
    ({ library: lib, data, app, page } = session);
    await app.open();
  }, 240_000);

  afterAll(() => session?.close());

  it('makes a collection, and refuses a name another collection has', async () => {
    await row('Palette').waitFor();
    const field = panel().getByRole('textbox', { name: 'New collection' });
    await field.fill('Sky refs');
    await field.press('Enter');
    await row('Sky refs').waitFor();
    await expect.poll(() => field.inputValue()).toBe('');
    await field.fill('PALETTE');
    await field.press('Enter');
    await panel().getByRole('alert').getByText('A collection named "Palette" already exists.').waitFor();
    await expect.poll(() => panel().getByRole('listitem').count()).toBe(2);
    await shot('01-made');
  });

  it('adds a dragged selection, and a single result, to a collection', async () => {
    const tree = page.getByRole('tree', { name: 'Folders' }).getByRole('treeitem', { name: 'references' });
    await tree.focus();
    await page.keyboard.press('ArrowRight');
    await tree.getByRole('treeitem', { name: 'colours' }).click();
    await page.getByLabel('Sort').selectOption('name');
    await page.getByLabel('Order').selectOption('asc');
    await option('red.png').waitFor();
    await option('red.png').click();
    await option('blue.webp').click({ modifiers: [PRIMARY] });
    await page.getByRole('region', { name: 'Selection' }).getByText('2 images selected').waitFor();
    await option('red.png').dragTo(row('Sky refs'));
    // The selection goes in the order the grid shows it: blue before red when sorted by name.
    await expect.poll(() => saved('Sky refs')).toEqual([colour('blue.webp'), colour('red.png')]);
    await row('Sky refs').getByText('2', { exact: true }).waitFor();
    await page.keyboard.press('Escape');
    await option('teal.png').click();
    await option('teal.png').dragTo(row('Sky refs'));
    await expect.poll(() => saved('Sky refs')).toEqual([colour('blue.webp'), colour('red.png'), colour('teal.png')]);
    await shot('02-dropped');
  });

  it('opens a collection as the view, in its order, and back to the library', async () => {
    await row('Sky refs')
      .getByRole('button', { name: /^Open Sky refs/ })
      .click();
    await expect.poll(names).toEqual(['blue.webp', 'red.png', 'teal.png']);
    const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' });
    await crumbs.getByText('Collection “Sky refs”').waitFor();
    await page.getByText('3 images', { exact: true }).waitFor();
    await shot('03-opened');
    await crumbs.getByRole('button', { name: 'Library' }).click();
    await expect.poll(async () => (await names()).length).toBeGreaterThan(3);
  });

  it('renames the open collection, sends it to the references, then deletes it after a confirmation', async () => {
    await row('Sky refs')
      .getByRole('button', { name: /^Open Sky refs/ })
      .click();
    await expect.poll(names).toEqual(['blue.webp', 'red.png', 'teal.png']);
    await row('Sky refs').getByRole('button', { name: 'Rename Sky refs' }).click();
    const rename = panel().getByRole('textbox', { name: 'New name for Sky refs' });
    await rename.fill('palette');
    await rename.press('Enter');
    await panel().getByRole('alert').getByText('A collection named "Palette" already exists.').waitFor();
    await rename.fill('Sunset refs');
    await rename.press('Enter');
    await row('Sunset refs').waitFor();
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByText('Collection “Sunset refs”').waitFor();
    await expect.poll(names).toEqual(['blue.webp', 'red.png', 'teal.png']);

    await row('Sunset refs').getByRole('button', { name: 'Send Sunset refs to references' }).click();
    const tray = page.getByRole('list', { name: 'References', exact: true });
    await expect
      .poll(() => tray.getByRole('listitem').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label'))))
      .toEqual(['blue.webp', 'red.png', 'teal.png']);
    await shot('04-renamed');

    await row('Sunset refs').getByRole('button', { name: 'Delete Sunset refs' }).click();
    await panel()
      .getByRole('alertdialog', { name: 'Delete Sunset refs?' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await expect.poll(() => panel().getByRole('listitem').count()).toBe(1);
    // The view it was goes back to the whole library, and the images stay.
    await expect.poll(async () => (await names()).length).toBeGreaterThan(3);
    const left = json<CollectionSummary[]>(await runCli(['collection', 'list', '--json', '--data', data]));
    expect(left).toEqual([{ name: 'Palette', count: 0 }]);
    expect(fs.existsSync(colour('red.png'))).toBe(true);
    await shot('05-deleted');
  });
});
