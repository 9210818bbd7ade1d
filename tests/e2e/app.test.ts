/**
 * A new user's first session with the `color` model (its vectors mean
 * colours), in the real desktop app where Electron can run and otherwise in
 * Debian's Chromium against the real `atelier serve` (helpers/target.ts). Every
 * step looks elements up by role and accessible name and saves a screenshot
 * under test-results/e2e/<target>/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeGemini } from '../helpers/fakeGemini';
import { solid } from '../helpers/images';
import { ROOT } from '../helpers/paths';
import { freePort } from '../helpers/ports';
import { INDEXABLE } from './helpers/library';
import { type E2eSession, startSession } from './helpers/session';
import { type AppUnderTest, chosenTarget } from './helpers/target';

const target = chosenTarget();
console.warn(
  `[e2e] driving ${target.kind === 'electron' ? 'the desktop app' : 'Chromium on atelier serve'} (${target.why})`,
);
const SHOTS = path.join(ROOT, 'test-results', 'e2e', target.kind);

describe(`Atelier (${target.kind}), a first session`, { timeout: 120_000 }, () => {
  let session: E2eSession | undefined;
  let tmp: string;
  let lib: string;
  let app: AppUnderTest;
  let page: Page;
  let fake: FakeGemini;
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  const results = () => page.getByRole('listbox', { name: 'Results' });
  const firstResult = () => results().getByRole('option').first();
  /** The catalog's jobs, read as any other process may read it. */
  const jobs = <T>(read: (db: Database.Database) => T): T => {
    const db = new Database(path.join(tmp, 'data', 'catalog.db'), { readonly: true });
    try {
      return read(db);
    } finally {
      db.close();
    }
  };
  const lastJob = () => jobs((db) => (db.prepare('SELECT max(rowid) AS n FROM jobs').get() as { n: number }).n);
  /** The folders of each indexing job started after job `rowid` (in a given state), in order. */
  const indexJobsAfter = (rowid: number, state = '%') =>
    jobs((db) =>
      (
        db
          .prepare("SELECT payload FROM jobs WHERE kind = 'index' AND rowid > ? AND state LIKE ? ORDER BY rowid")
          .all(rowid, state) as Array<{ payload: string }>
      ).map((row) => (JSON.parse(row.payload) as { folders: string[] }).folders),
    );
  /** A drop point in the reference list below its last item, so a drop there appends. */
  const belowItems = async () => {
    const box = await page.getByRole('list', { name: 'References', exact: true }).boundingBox();
    return { x: 20, y: Math.max(1, (box?.height ?? 2) - 2) };
  };

  beforeAll(async () => {
    session = await startSession(target.kind, SHOTS, 'app', ({ tmp }) =>
      solid(path.join(tmp, 'desktop', 'sky.png'), [30, 60, 210], 200),
    );
    ({ tmp, library: lib, app, page, fake } = session);
  }, 240_000);

  afterAll(() => session?.close());

  it('opens on an empty library that says what to do first, with no token left in the address', async () => {
    await app.open();
    await expect.poll(() => new URL(page.url()).search).toBe('');
    await page.getByRole('heading', { name: 'Start with a folder of images' }).waitFor();
    await page.getByText('CPU', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Add folder' }).isDisabled()).toBe(true);
    await shot('01-empty-library');
  });

  it('adds the folder and shows the indexing progress until the end', async () => {
    // Records every value the progress bar shows, so the end is seen even if it passes quickly.
    await page.evaluate(() => {
      const seen: Array<{ value: number; max: number }> = [];
      (window as unknown as { progressSeen: typeof seen }).progressSeen = seen;
      new MutationObserver(() => {
        const bar = document.querySelector<HTMLProgressElement>('progress[aria-label="Indexing progress"]');
        if (bar?.hasAttribute('max')) seen.push({ value: bar.value, max: bar.max });
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.getByLabel('Folder path').fill(lib);
    await page.getByRole('button', { name: 'Add folder' }).click();
    await page.getByRole('progressbar', { name: 'Indexing progress' }).waitFor();
    await shot('02-indexing');
    await page.getByText(`Indexing complete. ${INDEXABLE} images indexed, 2 skipped.`).waitFor();
    const seen = await page.evaluate(
      () => (window as unknown as { progressSeen: Array<{ value: number; max: number }> }).progressSeen,
    );
    // The embedding phase counts every file that needed decoding, the two broken ones included.
    expect(seen.some((p) => p.max >= INDEXABLE && p.value === p.max)).toBe(true);

    const folder = page.getByRole('listitem', { name: 'references' });
    await folder.getByText(`${INDEXABLE} images`).waitFor();
    await folder.getByRole('button', { name: '2 files skipped' }).click();
    await page
      .getByRole('list', { name: 'Skipped files in references' })
      .getByText('not an image (its first bytes match no image format)')
      .waitFor();
    await page.getByText('corrupt or truncated image').waitFor();
    await page.getByText(`${INDEXABLE} images`, { exact: true }).last().waitFor();
    await shot('03-indexed');
  });

  it('finds the red image first for "red"', async () => {
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill('red');
    await search.press('Enter');
    await expect.poll(() => firstResult().getAttribute('aria-label')).toBe('red.png');
    await firstResult()
      .locator('img')
      .evaluate((img: HTMLImageElement) =>
        img.complete && img.naturalWidth > 0
          ? null
          : new Promise((r) => img.addEventListener('load', r, { once: true })),
      );
    await firstResult().hover();
    await expect
      .poll(() =>
        results()
          .locator('img')
          .evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).complete)),
      )
      .toBe(true);
    await shot('04-search-red');
  });

  it('steers away from a term with " - term", and filters by format', async () => {
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill('yellow green - green');
    await search.press('Enter');
    await expect.poll(() => firstResult().getAttribute('aria-label')).toBe('yellow.png');
    await search.fill('red');
    await search.press('Enter');
    await expect.poll(() => firstResult().getAttribute('aria-label')).toBe('red.png');
    await page.getByLabel('Format').selectOption('jpeg');
    await expect.poll(() => firstResult().getAttribute('aria-label')).toMatch(/\.jpe?g$/);
    const names = await results()
      .getByRole('option')
      .evaluateAll((items) => items.map((i) => i.getAttribute('aria-label') ?? ''));
    expect(names.every((n) => /\.jpe?g$/.test(n))).toBe(true);
    await page.getByLabel('Format').selectOption('');
    await expect.poll(() => firstResult().getAttribute('aria-label')).toBe('red.png');
  });

  it('moves through the results with the keyboard and opens a preview with Enter', async () => {
    await results().focus();
    await page.keyboard.press('ArrowRight');
    const second = await results().getByRole('option').nth(1).getAttribute('aria-label');
    expect(await results().getAttribute('aria-activedescendant')).toBe('result-1');
    await page.keyboard.press('Enter');
    const preview = page.getByRole('dialog', { name: `Preview of ${second}` });
    await preview.waitFor();
    await shot('05-preview');
    await page.keyboard.press('Escape');
    await preview.waitFor({ state: 'hidden' });
  });

  it('searches by an image dropped on the search box', async () => {
    const bytes = fs.readFileSync(path.join(tmp, 'desktop', 'sky.png')).toString('base64');
    await page.getByRole('search', { name: 'Search the library' }).evaluate((form, base64) => {
      const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], 'sky.png', { type: 'image/png' }));
      for (const type of ['dragenter', 'dragover', 'drop']) {
        form.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
      }
    }, bytes);
    await page.getByRole('button', { name: 'Stop searching by sky.png' }).waitFor();
    await page.getByRole('searchbox', { name: 'Search' }).clear();
    await page.getByRole('searchbox', { name: 'Search' }).press('Enter');
    await expect.poll(() => firstResult().getAttribute('aria-label')).toBe('blue.webp');
    await shot('06-search-by-example');
  });

  it('drags two results into the reference tray, then reorders them', async () => {
    const tray = page.getByRole('list', { name: 'References', exact: true });
    const first = await results().getByRole('option').nth(0).getAttribute('aria-label');
    const second = await results().getByRole('option').nth(1).getAttribute('aria-label');
    await results()
      .getByRole('option')
      .nth(0)
      .dragTo(page.getByText(/^Drag results/));
    await tray.getByRole('listitem', { name: first! }).waitFor();
    await results()
      .getByRole('option')
      .nth(1)
      .dragTo(tray, { targetPosition: await belowItems() });
    await tray.getByRole('listitem', { name: second! }).waitFor();
    const names = () =>
      tray.getByRole('listitem').evaluateAll((items) => items.map((i) => i.getAttribute('aria-label')));
    expect(await names()).toEqual([first, second]);
    await page.getByLabel('2 of 3 references').waitFor();

    await tray.getByRole('listitem', { name: second! }).dragTo(tray.getByRole('listitem', { name: first! }), {
      targetPosition: { x: 20, y: 4 },
    });
    await expect.poll(names).toEqual([second, first]);
    // No API key yet: Generate waits for one and says so.
    await page.getByLabel('Prompt', { exact: true }).fill('a figurine of image 1');
    expect(await page.getByRole('button', { name: 'Generate', exact: true }).isDisabled()).toBe(true);
    await page.getByText('Add your Gemini API key in Settings to generate.').waitFor();
    await shot('07-references');
  });

  it('keeps the reference tray across a reload, dropping an entry whose file is gone', async () => {
    const tray = page.getByRole('list', { name: 'References', exact: true });
    const names = () =>
      tray.getByRole('listitem').evaluateAll((items) => items.map((i) => i.getAttribute('aria-label')));
    const before = await names();
    expect(before).toHaveLength(2);
    // As if a third reference's file had been deleted since it was added.
    const gone = path.join(lib, 'colours', 'deleted-since.png');
    const keys = await page.evaluate((file) => {
      const found = Object.keys(localStorage).filter((k) => k.startsWith('atelier.references:'));
      for (const key of found) {
        const saved = JSON.parse(localStorage.getItem(key) ?? '[]') as string[];
        localStorage.setItem(key, JSON.stringify([...saved, file]));
      }
      return found;
    }, gone);
    expect(keys).toEqual([`atelier.references:${path.join(tmp, 'data')}`]);

    await page.reload();
    await expect.poll(names).toEqual(before);
    await page.getByLabel('2 of 3 references').waitFor();
    const saved = await page.evaluate((key) => localStorage.getItem(key), keys[0]!);
    expect(JSON.parse(saved!)).not.toContain(gone);
    await tray
      .locator('img')
      .evaluateAll((imgs) =>
        Promise.all(
          imgs.map((img) =>
            (img as HTMLImageElement).complete
              ? Promise.resolve()
              : new Promise((r) => img.addEventListener('load', r, { once: true })),
          ),
        ),
      );
    await shot('07b-references-after-reload');
  });

  it("offers a result's actions in a context menu, the desktop-only ones in the desktop app alone", async () => {
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill('red');
    await search.press('Enter');
    await expect.poll(() => firstResult().getAttribute('aria-label')).toBe('red.png');
    await firstResult().click({ button: 'right' });
    const menu = page.getByRole('menu', { name: 'Actions for red.png' });
    await menu.waitFor();
    const items = await menu.getByRole('menuitem').allTextContents();
    expect(items.map((t) => t.replace(/\s*(Enter|(Ctrl|Shift|Alt|⌘|⇧|⌥|\+)+\S*)$/, ''))).toEqual([
      'Preview',
      ...(app.desktop ? ['Open', 'Show in folder'] : []),
      'More like this',
      'Copy path',
      'Add to references',
    ]);
    await shot('07c-context-menu');
    // Copy path: the last item but one, in both menus.
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden' });
    await page.getByRole('status').getByText('Path copied').waitFor();
    expect(await app.clipboardText()).toBe(path.join(lib, 'colours', 'red.png'));
    // From the keyboard too: Shift+F10 on the active result; Escape gives the focus back to the results.
    await results().focus();
    await page.keyboard.press('Shift+F10');
    await menu.waitFor();
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });
    expect(await results().evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('watches a folder when its eye is on: a new image is found without indexing by hand, and not once it is off', async () => {
    const folder = page.getByRole('listitem', { name: 'references' });
    const watch = folder.getByRole('switch', { name: 'Watch references for changes' });
    expect(await watch.getAttribute('aria-checked')).toBe('false');
    await watch.click();
    await expect.poll(() => watch.getAttribute('aria-checked')).toBe('true');
    await folder.getByText('· watched', { exact: false }).waitFor();

    const names = () =>
      results()
        .getByRole('option')
        .evaluateAll((items) => items.map((i) => i.getAttribute('aria-label')));
    const searchRed = async () => {
      await page.getByRole('searchbox', { name: 'Search' }).fill('red');
      await page.getByRole('searchbox', { name: 'Search' }).press('Enter');
      await expect.poll(() => firstResult().getAttribute('aria-label')).toMatch(/\.png$/);
      return names();
    };
    await solid(path.join(lib, 'colours', 'new-red.png'), [220, 25, 25], 160);
    await expect.poll(searchRed, { timeout: 30_000 }).toContain('new-red.png');
    await folder.getByText(`${INDEXABLE + 1} images`).waitFor();
    await folder.hover();
    await shot('07d-watched-folder');

    // Off again, proven without waiting on a clock: a second folder stays watched, and a change in
    // it is made after one here. Watch events arrive in the order the changes were made (one inotify
    // queue per process on Linux) and each re-index waits the same debounce, so had this folder
    // still been watched its re-index would have started (a job row) before the second folder's,
    // which the count shown below waits for.
    const inbox = path.join(tmp, 'inbox');
    await solid(path.join(inbox, 'grey.png'), [128, 128, 128], 160);
    await page.getByLabel('Folder path').fill(inbox);
    await page.getByRole('button', { name: 'Add folder' }).click();
    const inboxRow = page.getByRole('listitem', { name: 'inbox' });
    await inboxRow.getByText(/\b1 image\b/).waitFor();
    const inboxFolder = fs.realpathSync(inbox);
    const watchedFrom = lastJob();
    await inboxRow.getByRole('switch', { name: 'Watch inbox for changes' }).click();
    // Turning watching on re-indexes the folder once: over before the changes below are made.
    await expect
      .poll(() => indexJobsAfter(watchedFrom, 'succeeded'), { timeout: 30_000 })
      .toContainEqual([inboxFolder]);

    await watch.click();
    await expect.poll(() => watch.getAttribute('aria-checked')).toBe('false');
    await folder.getByText('· watched', { exact: false }).waitFor({ state: 'detached' });
    const before = lastJob();
    await solid(path.join(lib, 'colours', 'late-red.png'), [220, 25, 25], 160);
    await solid(path.join(inbox, 'grey-2.png'), [140, 140, 140], 160);
    await inboxRow.getByText('2 images').waitFor({ timeout: 30_000 });
    const libraryFolder = fs.realpathSync(lib);
    expect(indexJobsAfter(before).filter((folders) => folders.includes(libraryFolder))).toEqual([]);
    expect(indexJobsAfter(before)).toContainEqual([inboxFolder]);
    expect(await searchRed()).not.toContain('late-red.png');
    await folder.getByText(`${INDEXABLE + 1} images`).waitFor();
  });

  it('keeps a changed setting across a reload, and shows the API key only by its last four characters', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    // Where the model runs, and on how many threads (one per core unless told otherwise).
    await dialog.getByText(`· ${os.availableParallelism()} threads`).waitFor();
    await dialog.getByLabel('Gemini API key').fill('AIzaSy-test-only-key-abcd');
    await dialog.getByRole('button', { name: 'Save key' }).click();
    await dialog.getByText('…abcd').waitFor();
    await dialog.getByLabel('Theme').selectOption('dark');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await shot('08-settings-dark');

    await page.reload();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.getByRole('button', { name: 'Settings' }).click();
    await dialog.getByText('…abcd').waitFor();
    expect(await dialog.getByLabel('Theme').inputValue()).toBe('dark');
    const html = await page.content();
    expect(html).not.toContain('AIzaSy-test-only-key');
    await page.keyboard.press('Escape');

    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill('green');
    await search.press('Enter');
    await expect.poll(() => firstResult().getAttribute('aria-label')).toBe('green.jpg');
    await shot('09-dark-after-reload');
  });

  it('generates from the references and a prompt, shows the image, and finds it by search', async () => {
    const tray = page.getByRole('list', { name: 'References', exact: true });
    for (const path of await tray.getByRole('listitem').evaluateAll((items) => items.map((i) => i.ariaLabel))) {
      await page.getByRole('button', { name: `Remove ${path} from references` }).click();
    }
    const picked = [];
    for (const n of [0, 1]) {
      picked.push(await results().getByRole('option').nth(n).getAttribute('aria-label'));
      const target = n === 0 ? page.getByText(/^Drag results/) : tray;
      await results()
        .getByRole('option')
        .nth(n)
        .dragTo(target, n === 0 ? {} : { targetPosition: await belowItems() });
      await tray.getByRole('listitem', { name: picked[n]! }).waitFor();
    }
    fake.colour = [12, 12, 12];
    await page.getByLabel('Prompt', { exact: true }).fill('a black lacquer figurine of image 1');
    await page.getByLabel('Aspect ratio').selectOption('4:3');
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    const jobs = page.getByRole('list', { name: 'Generation jobs' });
    const done = jobs.getByRole('listitem', { name: 'Done: a black lacquer figurine of image 1' });
    await done.waitFor({ timeout: 60_000 });
    const output = done.getByRole('list', { name: 'Generated images' }).getByRole('listitem').first();
    const outputName = await output.getAttribute('aria-label');
    expect(outputName).toMatch(/_a-black-lacquer-figurine-of-image-1_1\.png$/);
    await output
      .locator('img')
      .evaluate((img: HTMLImageElement) =>
        img.complete && img.naturalWidth > 0
          ? null
          : new Promise((r) => img.addEventListener('load', r, { once: true })),
      );
    expect(await output.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    // What the server got: the tray's two images in order, then the prompt, with the chosen aspect ratio.
    const sent = fake.requests.at(-1)!;
    expect(sent.body.contents[0]!.parts.map((p) => p.text ?? p.inlineData?.mimeType)).toEqual([
      'Image 1:',
      expect.stringMatching(/^image\//),
      'Image 2:',
      expect.stringMatching(/^image\//),
      'a black lacquer figurine of image 1',
    ]);
    expect(sent.body.generationConfig?.imageConfig).toEqual({ aspectRatio: '4:3' });
    await shot('10-generated');

    // The result goes back into the tray for the next round.
    await output.dragTo(tray, { targetPosition: await belowItems() });
    await tray.getByRole('listitem', { name: outputName! }).waitFor();
    await page.getByLabel('3 of 3 references').waitFor();

    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill('black');
    await search.press('Enter');
    await expect.poll(() => firstResult().getAttribute('aria-label')).toBe(outputName);
    await shot('11-generated-found');

    // Its preview says how it was made, with the references it was made from.
    await results().focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    const made = page.getByRole('region', { name: 'How this image was made' });
    await made.getByText('“a black lacquer figurine of image 1”').waitFor();
    expect(await made.getByRole('list', { name: 'Made from' }).getByRole('img').count()).toBe(2);
    await shot('12-provenance');
    await page.keyboard.press('Escape');
  });

  it('takes an image file dropped from the desktop as a reference', async () => {
    const tray = page.getByRole('list', { name: 'References', exact: true });
    const last = await tray.getByRole('listitem').last().getAttribute('aria-label');
    await page.getByRole('button', { name: `Remove ${last} from references` }).click();
    const bytes = fs.readFileSync(path.join(tmp, 'desktop', 'sky.png')).toString('base64');
    await tray.evaluate((list, base64) => {
      const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], 'sky.png', { type: 'image/png' }));
      for (const type of ['dragenter', 'dragover', 'drop']) {
        list.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
      }
    }, bytes);
    const sky = tray.getByRole('listitem', { name: 'sky.png' });
    await sky.waitFor();
    await expect
      .poll(() => sky.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
      .toBe(true);
  });

  it('shows a blocked image as a failed job with the reason, and runs a job again', async () => {
    fake.script('image-safety');
    await page.getByLabel('Prompt', { exact: true }).fill('something the model refuses');
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    const failed = page
      .getByRole('list', { name: 'Generation jobs' })
      .getByRole('listitem', { name: 'Failed: something the model refuses' });
    await failed.getByText(/withheld the image for safety reasons \(IMAGE_SAFETY\)/).waitFor({ timeout: 60_000 });
    await shot('13-generation-blocked');
    await failed.getByRole('button', { name: 'Run again' }).click();
    await page
      .getByRole('list', { name: 'Generation jobs' })
      .getByRole('listitem', { name: 'Done: something the model refuses' })
      .waitFor({ timeout: 60_000 });
  });

  it('shows the vector store in use, and tests a Milvus server before switching to it', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    const inUse = dialog.getByRole('status', { name: 'Store in use' });
    await expect.poll(() => inUse.textContent()).toMatch(/^Embedded, in the data folder on this computer · reachable/);
    expect(await dialog.getByRole('radio', { name: /^Embedded/ }).isChecked()).toBe(true);
    expect(await dialog.getByRole('button', { name: 'Switch' }).isDisabled()).toBe(true);

    await dialog.getByRole('radio', { name: /^Milvus/ }).check();
    const closed = await freePort(); // nothing listens there
    await dialog.getByRole('textbox', { name: 'Milvus URI' }).fill(`http://127.0.0.1:${closed}`);
    await dialog.getByLabel('Token').fill('root:e2e-secret');
    await dialog.getByRole('textbox', { name: 'Database' }).fill('studio');
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await expect
      .poll(() => dialog.getByRole('status', { name: 'Connection test' }).textContent(), { timeout: 20_000 })
      .toBe(`Not reachable: Milvus at 127.0.0.1:${closed} is not answering (connection refused).`);
    await shot('10-vector-store-test');

    await dialog.getByRole('button', { name: 'Switch' }).click();
    const alert = dialog.getByRole('alert');
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.textContent()).toMatch(/not answering .*Nothing was switched: Atelier still uses the embedded/);
    expect(await inUse.textContent()).toMatch(/^Embedded/);
    await shot('11-vector-store-switch-refused');
    await page.keyboard.press('Escape');
  });
});
