/**
 * bench:ui's browse case: a library folder of 100,000 images, browsed without a
 * query through the real browse handlers and paged catalog queries. Its rows
 * are written to the catalog as indexing writes them (no 100,000 files on
 * disk), and every thumbnail is the same real one, so the numbers are the
 * grid's, the pages' and the server's, not the disk's. Two numbers, each
 * against the issue's goal: the first screen of thumbnails after the folder is
 * chosen in the tree (≤ 300 ms), and frame times while scrolling it (p95 ≤ 16.7 ms).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { Atelier } from '../src/main/core/app';
import { startServer } from '../src/main/core/server/server';
import { describeRun, measureScroll, ms, type ScrollRun, stats } from './uiScroll';

/** `BENCH_UI_BROWSE_SIZE` makes a smaller folder, for a quicker look. */
export const BROWSE_FOLDER_SIZE = Number(process.env.BENCH_UI_BROWSE_SIZE ?? 100_000);
const FIRST_SCREEN_GOAL_MS = 300;
const FRAME_GOAL_MS = 16.7;
const FOLDER = 'big';

export interface BrowseVariant {
  label: string;
  staticDir: string;
}

/**
 * Writes `n` image rows into `<root>/big` of the catalog, added before anything
 * indexed so far (so the whole library's first screen is not this folder's).
 */
export function addSyntheticFolder(atelier: Atelier, root: string, n: number): void {
  const db = atelier.catalog.db;
  const { id } = db.prepare('SELECT id FROM roots WHERE path = ?').get(root) as { id: number };
  const dir = path.join(root, FOLDER);
  const insert = db.prepare(`INSERT INTO files (root_id, path, content_key, size, mtime_ms, width, height, format,
    indexed_at, added_at, name, dir) VALUES (?, ?, ?, ?, ?, ?, ?, 'png', ?, ?, ?, ?)`);
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const name = `b${String(i).padStart(6, '0')}.png`;
      // Mixed aspect ratios, as a real folder has, so justified rows vary.
      const [w, h] = [
        [1024, 768],
        [768, 1024],
        [1024, 1024],
        [1600, 900],
      ][i % 4]!;
      insert.run(
        id,
        path.join(dir, name),
        `synthetic-${i}`,
        50_000 + i,
        1_000 + i,
        w,
        h,
        1_000 + i,
        1_000 + i,
        name,
        dir,
      );
    }
  })();
}

/**
 * Clicks the folder in the tree and times, inside the page from the click
 * event, until the grid shows its images (under its breadcrumb) with every
 * thumbnail on screen decoded.
 */
async function openFolderMs(page: Page): Promise<number> {
  // Scripts, not functions: the benchmarks are typed without the DOM's types.
  await page.evaluate(`(() => {
    window.__clickedAt = null;
    window.addEventListener('click', () => { window.__clickedAt = performance.now(); }, { capture: true, once: true });
  })()`);
  await page.getByRole('tree', { name: 'Folders' }).getByRole('treeitem', { name: FOLDER }).click();
  return await page.evaluate<number>(`new Promise((resolve) => {
    const grid = document.querySelector('[role="listbox"][aria-label="Results"]');
    const tick = () => {
      const here = document.querySelector('nav[aria-label="Breadcrumb"] [aria-current="page"]')?.textContent;
      const first = grid.querySelector('[role="option"]');
      const box = grid.getBoundingClientRect();
      const visible = [...grid.querySelectorAll('[role="option"]')].filter((tile) => {
        const r = tile.getBoundingClientRect();
        return r.bottom > box.top && r.top < box.bottom;
      });
      const shown =
        here === '${FOLDER}' &&
        grid.getAttribute('aria-busy') === 'false' &&
        /^b\\d+\\.png$/.test(first?.getAttribute('aria-label') ?? '') &&
        visible.length > 0 &&
        visible.every((tile) => {
          const img = tile.querySelector('img');
          return img !== null && img.complete && img.naturalWidth > 0;
        });
      if (shown) resolve(performance.now() - window.__clickedAt);
      else requestAnimationFrame(tick);
    };
    tick();
  })`);
}

/** A fresh page on `url`, the library loaded and the folder's parent open in the tree. */
async function freshPage(context: BrowserContext, url: string, root: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.getByText('CPU', { exact: true }).waitFor();
  const rootItem = page.getByRole('tree', { name: 'Folders' }).getByRole('treeitem', { name: path.basename(root) });
  await rootItem.focus();
  await page.keyboard.press('ArrowRight');
  await rootItem.getByRole('treeitem', { name: FOLDER }).waitFor();
  await page.getByRole('listbox', { name: 'Results' }).getByRole('option').first().waitFor();
  return page;
}

/** Leaves the folder for the whole library, so the next click opens it afresh. */
async function backToLibrary(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('button', { name: 'Library' }).click();
  // Polled in the page by a script of its own: waitForFunction evaluates its predicate with eval,
  // which the app's Content-Security-Policy refuses.
  await page.evaluate(`new Promise((resolve) => {
    const tick = () => {
      const first = document.querySelector('[role="listbox"][aria-label="Results"] [role="option"]');
      if (first !== null && !/^b\\d+\\.png$/.test(first.getAttribute('aria-label') ?? '')) resolve(true);
      else requestAnimationFrame(tick);
    };
    tick();
  })`);
}

const verdict = (value: number, goal: number) => (value <= goal ? 'met' : 'MISSED');

/** Runs the case for each variant (baseline, current, current, baseline when there are two) and prints it. */
export async function browseCase(
  context: BrowserContext,
  atelier: Atelier,
  root: string,
  sample: string,
  variants: BrowseVariant[],
  frames: number,
  pxPerFrame: number[],
): Promise<void> {
  const servers = await Promise.all(
    variants.map((v) =>
      startServer({
        api: atelier,
        thumbnails: { thumbnail: (_file, size) => atelier.thumbnails.thumbnail(sample, size) },
        staticDir: v.staticDir,
      }),
    ),
  );
  const order = variants.length === 2 ? [0, 1, 1, 0] : [0];
  try {
    console.log(
      `\nbrowse: a folder of ${BROWSE_FOLDER_SIZE.toLocaleString()} images, no query (paged catalog queries):`,
    );
    console.log(
      `  first screen of thumbnails after choosing the folder in the tree (goal ≤ ${FIRST_SCREEN_GOAL_MS} ms):`,
    );
    const firsts = new Map<string, number[]>();
    for (const i of order) {
      const { label } = variants[i]!;
      const page = await freshPage(context, servers[i]!.url, root);
      try {
        const times: number[] = [];
        for (let k = 0; k < 5; k++) {
          times.push(await openFolderMs(page));
          await backToLibrary(page);
        }
        firsts.set(label, [...(firsts.get(label) ?? []), ...times]);
        console.log(`    ${label}: first ${ms(times[0]!)}, then ${times.slice(1).map(ms).join(', ')}`);
      } finally {
        await page.close();
      }
    }
    for (const [label, times] of firsts) {
      const s = stats(times);
      console.log(
        `    ${label}, all: p50 ${ms(s.p50)} max ${ms(s.max)} (${verdict(s.p50, FIRST_SCREEN_GOAL_MS)} at p50)`,
      );
    }
    for (const px of pxPerFrame) {
      console.log(`  scrolling the folder ${frames} frames at ${px} px/frame (goal p95 ≤ ${FRAME_GOAL_MS} ms):`);
      const runs = new Map<string, ScrollRun[]>();
      for (const i of order) {
        const { label } = variants[i]!;
        const page = await freshPage(context, servers[i]!.url, root);
        try {
          await openFolderMs(page);
          // Sampled every 200 µs: a frame's work shows, not only the long ones.
          const cdp = process.env.BENCH_PROFILE ? await page.context().newCDPSession(page) : null;
          if (cdp) {
            await cdp.send('Profiler.enable');
            await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
            await cdp.send('Profiler.start');
          }
          const run = await measureScroll(page, frames, px);
          if (cdp) {
            const { profile } = await cdp.send('Profiler.stop');
            fs.writeFileSync(`${process.env.BENCH_PROFILE}-${label}-${px}.json`, JSON.stringify(profile));
          }
          runs.set(label, [...(runs.get(label) ?? []), run]);
          console.log(`    ${describeRun(label, run)}`);
        } finally {
          await page.close();
        }
      }
      for (const [label, r] of runs) {
        const f = stats(r.flatMap((run) => run.frames));
        const c = stats(r.flatMap((run) => run.callbackGaps));
        console.log(
          `    ${label}, runs pooled: frame p50 ${ms(f.p50)} p95 ${ms(f.p95)} (${verdict(f.p95, FRAME_GOAL_MS)}); ` +
            `callback start p50 ${ms(c.p50)} p95 ${ms(c.p95)}`,
        );
      }
    }
  } finally {
    await Promise.all(servers.map((s) => s.close()));
  }
}
