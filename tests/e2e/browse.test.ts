/**
 * Browsing the library without a query, in the real app (the desktop app where
 * Electron can run, else Chromium on `atelier serve`): after indexing, the grid
 * shows the library; a folder of the tree shows only its images under its
 * breadcrumb; the sort reorders them and is kept; a query there searches it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solid } from '../helpers/images';
import { ROOT } from '../helpers/paths';
import { INDEXABLE } from './helpers/library';
import { type E2eSession, startSession } from './helpers/session';
import { type AppUnderTest, chosenTarget } from './helpers/target';

const target = chosenTarget();
const SHOTS = path.join(ROOT, 'test-results', 'e2e', target.kind);
const COLOURS = ['blue.webp', 'green.jpg', 'orange.png', 'pink.png', 'purple.png', 'red.png', 'teal.png', 'yellow.png'];

describe(`Atelier (${target.kind}), browsing the library`, { timeout: 120_000 }, () => {
  let session: E2eSession | undefined;
  let tmp: string;
  let app: AppUnderTest;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  const results = () => page.getByRole('listbox', { name: 'Results' });
  const shownNames = () =>
    results()
      .getByRole('option')
      .evaluateAll((items) => items.map((i) => i.getAttribute('aria-label') ?? ''));
  const tree = () => page.getByRole('tree', { name: 'Folders' });
  const breadcrumb = () => page.getByRole('navigation', { name: 'Breadcrumb' });
  const here = () => breadcrumb().locator('[aria-current="page"]').textContent();

  beforeAll(async () => {
    session = await startSession(target.kind, SHOTS, 'browse');
    ({ tmp, app, page } = session);
  }, 240_000);

  afterAll(() => session?.close());

  it('shows the whole library in the grid once a folder is indexed, without a query', async () => {
    await app.open();
    await page.getByLabel('Folder path').fill(path.join(tmp, 'references'));
    await page.getByRole('button', { name: 'Add folder' }).click();
    await page.getByText(`Indexing complete. ${INDEXABLE} images indexed, 2 skipped.`).waitFor();
    await expect.poll(() => here()).toBe('Library');
    await page.locator('.browse-bar').getByText(`${INDEXABLE} images`).waitFor();
    await expect.poll(async () => (await shownNames()).length).toBeGreaterThan(8);
    await tree().getByRole('treeitem', { name: 'references' }).waitFor();
    await shot('browse-01-library');
  });

  it('shows only a folder’s images under its breadcrumb when the folder is chosen in the tree', async () => {
    const root = tree().getByRole('treeitem', { name: 'references' });
    await root.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => root.getAttribute('aria-expanded')).toBe('true');
    await root.getByRole('treeitem', { name: 'colours' }).click();
    await expect.poll(() => here()).toBe('colours');
    expect(await breadcrumb().getByRole('button').allTextContents()).toEqual(['Library', 'references']);
    await expect.poll(async () => (await shownNames()).sort()).toEqual(COLOURS);
    expect(await root.getByRole('treeitem', { name: 'colours' }).getAttribute('aria-selected')).toBe('true');
    await shot('browse-02-folder');
  });

  it('reorders the folder when the sort changes, and keeps the choice after a reload', async () => {
    await page.getByLabel('Sort').selectOption('name');
    await expect.poll(() => shownNames()).toEqual(COLOURS);
    await page.getByLabel('Order').selectOption('desc');
    await expect.poll(() => shownNames()).toEqual([...COLOURS].reverse());
    await page.reload();
    await expect.poll(() => page.getByLabel('Sort').inputValue()).toBe('name');
    expect(await page.getByLabel('Order').inputValue()).toBe('desc');
    await expect.poll(() => here()).toBe('Library');
    await expect.poll(async () => (await shownNames()).slice(0, 3)).toEqual(['yellow.png', 'teal.png', 'shade-23.png']);
    await shot('browse-03-sorted');
  });

  it('searches only the folder being browsed, and goes back to browsing when the query is cleared', async () => {
    const root = tree().getByRole('treeitem', { name: 'references' });
    await root.focus();
    await page.keyboard.press('ArrowRight');
    await root.getByRole('treeitem', { name: 'photos' }).click();
    await expect.poll(() => here()).toBe('photos');
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill('red');
    await search.press('Enter');
    await expect.poll(() => breadcrumb().count()).toBe(0);
    await expect.poll(async () => (await shownNames()).length).toBeGreaterThan(0);
    const found = await shownNames();
    expect(found.every((name) => !COLOURS.includes(name) && !name.startsWith('shade-'))).toBe(true);
    await search.clear();
    await search.press('Enter');
    await expect.poll(() => here()).toBe('photos');
    await expect.poll(async () => (await shownNames()).length).toBe(7);
  });

  it('lists an image dropped on the search box under Uploads, and browses it there', async () => {
    // Since the reload, no indexing run has been shown.
    const indexing = page.getByRole('region', { name: 'Indexing' });
    expect(await indexing.count()).toBe(0);
    const dropped = path.join(tmp, 'desktop', 'dropped.png');
    await solid(dropped, [200, 120, 30]);
    await page.getByRole('search', { name: 'Search the library' }).evaluate((form, base64) => {
      const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], 'dropped.png', { type: 'image/png' }));
      for (const type of ['dragenter', 'dragover', 'drop']) {
        form.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
      }
    }, fs.readFileSync(dropped).toString('base64'));
    await page.getByRole('button', { name: 'Stop searching by dropped.png' }).click();
    const uploads = tree().getByRole('treeitem', { name: 'Uploads' });
    await uploads.waitFor({ timeout: 60_000 });
    await expect.poll(() => uploads.locator('.tree-count').first().textContent()).toBe('1');
    // Indexed in the background, unannounced: no progress, no "Indexing complete" (a folder added still says it).
    expect(await indexing.count()).toBe(0);
    expect(await page.getByText(/Indexing complete/).count()).toBe(0);
    // The library's list and the folder filter name it the same way.
    await page.getByRole('listitem', { name: 'Uploads', exact: true }).waitFor();
    await uploads.click();
    await expect.poll(() => here()).toBe('Uploads');
    await expect
      .poll(() =>
        page
          .getByRole('combobox', { name: 'Folder', exact: true })
          .evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.text),
      )
      .toBe('Uploads');
    await expect.poll(() => shownNames()).toEqual([expect.stringMatching(/^[0-9a-f]{32}\.png$/)]);
    await shot('browse-04-uploads');
  });

  it('goes back to the whole library when the folder being browsed leaves it', async () => {
    await tree().getByRole('treeitem', { name: 'references' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => here()).toBe('references');
    await page.getByRole('button', { name: 'Remove references from the library' }).click();
    await page.getByRole('alertdialog', { name: 'Remove references?' }).getByRole('button', { name: 'Remove' }).click();
    // Removed once the time to undo it has passed.
    await expect.poll(() => here(), { timeout: 20_000 }).toBe('Library');
    // The uploads stay: they are the library now.
    await expect
      .poll(() =>
        tree()
          .getByRole('treeitem')
          .evaluateAll((items) => items.map((i) => i.getAttribute('aria-label'))),
      )
      .toEqual(['Uploads']);
    expect(await page.getByRole('combobox', { name: /^Folder/ }).inputValue()).toBe('');
  });
});
