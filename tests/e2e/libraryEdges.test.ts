/**
 * The library panel, the tray and the search box where a new user trips, in
 * the real app (the desktop app where Electron runs, else Chromium on `atelier
 * serve`): the tray numbers its images as prompts name them and Alt+Up/Down
 * moves the focused one; a file that is no image, dropped to search by, is
 * refused by name and the grid keeps what it showed; removing a folder asks
 * first (naming how many images leave), can be undone for a few seconds, and
 * then takes its images out of the results.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { ROOT } from '../helpers/paths';
import { INDEXABLE } from './helpers/library';
import { type E2eSession, indexedSession } from './helpers/session';
import { chosenTarget } from './helpers/target';

const target = chosenTarget();
const SHOTS = path.join(ROOT, 'test-results', 'e2e', target.kind);

describe(`Atelier (${target.kind}), the library, the tray and the search box`, { timeout: 120_000 }, () => {
  let session: E2eSession | undefined;
  let lib: string;
  let tmp: string;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `edges-${name}.png`) });
  const results = () => page.getByRole('listbox', { name: 'Results' });
  const names = () =>
    results()
      .getByRole('option')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
  const tray = () => page.getByRole('list', { name: 'References', exact: true });
  const trayItems = () =>
    tray()
      .getByRole('listitem')
      .evaluateAll((els) => els.map((e) => e.textContent?.trim()));
  const settledOn = async (first: string) => {
    await expect.poll(() => results().getAttribute('aria-busy'), { timeout: 20_000 }).toBe('false');
    await expect.poll(async () => (await names())[0], { timeout: 20_000 }).toBe(first);
  };
  /** Drops a file on the search box as the desktop would. */
  const dropOnSearch = (file: string, type: string) =>
    page.getByRole('search', { name: 'Search the library' }).evaluate(
      (form, [base64, name, mime]) => {
        const data = Uint8Array.from(atob(base64!), (c) => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([data], name!, { type: mime }));
        for (const kind of ['dragenter', 'dragover', 'drop']) {
          form.dispatchEvent(new DragEvent(kind, { bubbles: true, cancelable: true, dataTransfer: transfer }));
        }
      },
      [fs.readFileSync(file).toString('base64'), path.basename(file), type],
    );

  beforeAll(async () => {
    session = await indexedSession(target.kind, SHOTS, 'libedges');
    ({ library: lib, tmp, page } = session);
  }, 240_000);

  afterAll(() => session?.close());

  it('numbers the references as prompts name them, and moves the focused one with Alt+Up/Down', async () => {
    const box = page.getByRole('searchbox', { name: 'Search' });
    await box.fill('red');
    await box.press('Enter');
    await settledOn('red.png');
    const picked = (await names()).slice(0, 3) as string[];
    for (const name of picked) {
      await results().getByRole('option', { name, exact: true }).click();
      await page.getByRole('button', { name: 'Add to references' }).first().click();
      await tray().getByRole('listitem', { name }).waitFor();
    }
    expect(await trayItems()).toEqual(picked.map((name, i) => `${i + 1}${name}`));
    await tray().getByRole('listitem', { name: picked[0] }).focus();
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(trayItems).toEqual([`1${picked[1]}`, `2${picked[0]}`, `3${picked[2]}`]);
    // The moved one keeps the focus, so it can go on moving.
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(trayItems).toEqual([`1${picked[1]}`, `2${picked[2]}`, `3${picked[0]}`]);
    await page.getByText(`${picked[0]} is now image 3 of 3`).waitFor();
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(trayItems).toEqual([`1${picked[1]}`, `2${picked[0]}`, `3${picked[2]}`]);
    await shot('01-numbered-tray');
  });

  it('refuses a file that is no image, dropped on the search box, by name, and keeps the results', async () => {
    const notes = path.join(tmp, 'notes.txt');
    fs.writeFileSync(notes, 'shot list for act 2\n');
    await dropOnSearch(notes, 'text/plain');
    await page
      .getByRole('alert')
      .getByText('notes.txt is not an image: drop a PNG, JPEG, WebP or another image to search by it.')
      .waitFor();
    expect((await names())[0]).toBe('red.png');
    // A file named and typed as an image that holds none: refused after reading it, naming it, not a cache path.
    await dropOnSearch(path.join(lib, 'photos', 'notes.jpg'), 'image/jpeg');
    const refused = page.getByRole('alert').filter({ hasText: 'notes.jpg was not searched by' });
    await refused.waitFor({ timeout: 20_000 });
    const said = (await refused.textContent()) ?? '';
    expect(said).not.toMatch(/uploads|[\\/]data[\\/]/);
    // It wraps where it has room, whole.
    expect(await refused.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    expect(await page.getByRole('button', { name: /^Stop searching by/ }).count()).toBe(0);
    expect(await page.getByRole('searchbox', { name: 'Search' }).inputValue()).toBe('red');
    await settledOn('red.png');
    // The refused search left no place in the history: Back goes to where the app was before "red".
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('navigation', { name: 'Breadcrumb' }).waitFor();
    await page.getByRole('button', { name: 'Forward' }).click();
    await settledOn('red.png');
    await shot('02-not-an-image');
  });

  it('asks before removing a folder, naming how many images leave, and can undo it', async () => {
    const remove = page.getByRole('button', { name: 'Remove references from the library' });
    await remove.click();
    const ask = page.getByRole('alertdialog', { name: 'Remove references?' });
    await ask.getByText(`${INDEXABLE} images leave the index. The files stay on disk.`).waitFor();
    await ask.getByRole('button', { name: 'Cancel' }).click();
    expect(await ask.count()).toBe(0);
    await remove.click();
    await ask.getByRole('button', { name: 'Remove' }).click();
    const undo = page.getByRole('status').filter({ hasText: `references removed (${INDEXABLE} images)` });
    await undo.waitFor();
    // Gone from the results at once.
    await expect.poll(names).toEqual([]);
    await shot('03-removed-undo');
    await undo.getByRole('button', { name: 'Undo' }).click();
    await settledOn('red.png');
    await page.getByRole('listitem', { name: 'references' }).getByText(`${INDEXABLE} images`).waitFor();
    // Nothing was removed behind the scenes: the folder is still indexed.
    const status = await runCli(['status', '--json', '--data', session!.data]);
    expect(status.stdout).toContain(fs.realpathSync(lib));
  });

  it('removes the folder once the undo time has passed, and searches again without its images', async () => {
    await page.getByRole('button', { name: 'Remove references from the library' }).click();
    await page.getByRole('alertdialog', { name: 'Remove references?' }).getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('heading', { name: 'Start with a folder of images' }).waitFor({ timeout: 20_000 });
    await expect.poll(() => results().getAttribute('aria-busy'), { timeout: 20_000 }).toBe('false');
    await expect.poll(names).toEqual([]);
    const status = await runCli(['status', '--json', '--data', session!.data]);
    expect(status.stdout).not.toContain(fs.realpathSync(lib));
  });
});
