/**
 * UI benchmark, in Debian's Chromium against the real server code: time to first
 * results (a text query on a real index of generated images, with the `color`
 * model), and frame times while scrolling a grid of 100,000 results (a synthetic
 * result set; every tile shows the same real thumbnail), flung and at a wheel's
 * pace; then browsing a library folder of 100,000 images without a query
 * (uiBrowse.ts): its first screen of thumbnails and its scroll frame times,
 * each against the issue's goal. Prints numbers, asserts nothing. Run: npm run
 * bench:ui (`BENCH_UI_ONLY=browse` runs the browse case alone).
 *
 * `BENCH_UI_BASELINE=<git ref>` also builds the renderer of that commit and
 * scrolls both in the same run, interleaved (baseline, current, current,
 * baseline), so the machine's load weighs on both alike.
 *
 * `BENCH_PROFILE=<prefix>` saves a CPU profile of each browse scroll as
 * `<prefix>-<label>-<px>.json` (open it in Chromium's DevTools), to see where a
 * frame's time goes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { createAtelier } from '../src/main/core/app';
import { ensureRendererBuild } from '../src/main/core/server/rendererBuild';
import { startServer } from '../src/main/core/server/server';
import { nodeWorkerSpawner } from '../src/main/core/workers/nodeWorker';
import type { AtelierHandlers } from '../src/shared/contract';
import type { SearchHit } from '../src/shared/types';
import { solid } from '../tests/helpers/images';
import { COLOR_MODEL, RESOURCES, ROOT } from '../tests/helpers/paths';
import { buildRendererAt } from './baselineRenderer';
import { addSyntheticFolder, BROWSE_FOLDER_SIZE, browseCase } from './uiBrowse';
import { describeRun, measureScroll, ms, type ScrollRun, stats } from './uiScroll';

const CHROMIUM = process.env.ATELIER_CHROMIUM ?? '/usr/bin/chromium';
const LIBRARY_SIZE = 300;
const FAKE_RESULTS = 100_000;
const SCROLL_FRAMES = 600;
/** Pixels scrolled per frame: 240 is a fast fling, 24 a steady wheel (about 1.4 px/ms at 60 frames a second). */
const FLING_PX = Number(process.env.BENCH_SCROLL_PX ?? 240);
const WHEEL_PX = 24;
const BASELINE = process.env.BENCH_UI_BASELINE;
const BROWSE_ONLY = process.env.BENCH_UI_ONLY === 'browse';

async function firstResultMs(page: Page, query: string): Promise<{ dom: number; image: number }> {
  await page.getByRole('searchbox', { name: 'Search' }).fill(query);
  // Timed inside the page: from the Enter key to the first result in the DOM, and to its thumbnail decoded.
  return await page.evaluate<{ dom: number; image: number }>(`new Promise((resolve) => {
    const box = document.querySelector('input[aria-label="Search"]');
    const t0 = performance.now();
    let dom = 0;
    const tick = () => {
      const first = document.querySelector('[role="listbox"] [role="option"][id="result-0"]');
      const run = document.querySelector('.filter-summary')?.textContent ?? '';
      if (!dom && first && /results? ·/.test(run)) dom = performance.now() - t0;
      const img = first?.querySelector('img');
      if (dom && img && img.complete && img.naturalWidth > 0) return resolve({ dom, image: performance.now() - t0 });
      requestAnimationFrame(tick);
    };
    box.form.requestSubmit();
    requestAnimationFrame(tick);
  })`);
}

const load = () =>
  `load average ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')} on ${os.cpus().length} CPUs`;

async function main(): Promise<void> {
  console.log(`start: ${load()}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-bench-ui-'));
  const lib = path.join(tmp, 'lib');
  for (let i = 0; i < LIBRARY_SIZE; i++) {
    const h = i / LIBRARY_SIZE;
    await solid(path.join(lib, `c${String(i).padStart(4, '0')}.png`), [
      Math.round(255 * Math.abs(Math.sin(h * 3.1))),
      Math.round(255 * Math.abs(Math.sin(h * 5.3 + 1))),
      Math.round(255 * Math.abs(Math.sin(h * 7.7 + 2))),
    ]);
  }
  // First: the baseline's build prunes the shared build cache, the current one is then rebuilt if need be.
  const baselineDir = BASELINE ? await buildRendererAt(ROOT, BASELINE) : null;
  const build = await ensureRendererBuild(ROOT, () => console.log('building the renderer…'));
  console.log(`renderer: ${build.built ? `built in ${ms(build.ms)}` : 'reused from the cache'}`);

  const atelier = createAtelier({
    dataDir: path.join(tmp, 'data'),
    resourcesDir: RESOURCES,
    model: COLOR_MODEL,
    providers: ['cpu'],
    spawnEncoder: nodeWorkerSpawner(new URL(`file://${path.join(ROOT, 'src/main/core/clip/encoderThread.ts')}`)),
  });
  await atelier.library.index([lib]);
  const sample = path.join(lib, 'c0000.png');
  const fakeHits: SearchHit[] = Array.from({ length: FAKE_RESULTS }, (_, i) => ({
    path: path.join(lib, `fake-${String(i).padStart(6, '0')}.png`),
    score: 1 - i / FAKE_RESULTS,
    width: 96,
    height: 96,
    format: 'png',
  }));
  const fakeHandlers: AtelierHandlers = {
    ...atelier.handlers,
    search: { ...atelier.handlers.search, query: () => ({ model: 'synthetic', results: fakeHits }) },
  };
  const real = await startServer({ api: atelier, thumbnails: atelier.thumbnails, staticDir: build.dir });
  const fakeServer = (staticDir: string) =>
    startServer({
      api: { handlers: fakeHandlers, events: atelier.events },
      thumbnails: { thumbnail: (_file, size) => atelier.thumbnails.thumbnail(sample, size) },
      staticDir,
    });
  const fake = await fakeServer(build.dir);
  const fakeBaseline = baselineDir ? await fakeServer(baselineDir) : null;

  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    if (!BROWSE_ONLY) await searchCases(context, real.url, fake.url, fakeBaseline?.url ?? null);
    const started = performance.now();
    addSyntheticFolder(atelier, lib, BROWSE_FOLDER_SIZE);
    console.log(
      `\n(${BROWSE_FOLDER_SIZE.toLocaleString()} catalog rows written in ${ms(performance.now() - started)})`,
    );
    await browseCase(
      context,
      atelier,
      lib,
      sample,
      [
        ...(baselineDir ? [{ label: `baseline ${BASELINE}`, staticDir: baselineDir }] : []),
        { label: 'current', staticDir: build.dir },
      ],
      SCROLL_FRAMES,
      [FLING_PX, WHEEL_PX],
    );
    console.log(`\nend: ${load()}`);
    console.log('(headless Chromium with --disable-gpu on this machine: compare runs on the same machine only)');
  } finally {
    await context.close();
    await real.close();
    await fake.close();
    await fakeBaseline?.close();
    if (baselineDir) fs.rmSync(baselineDir, { recursive: true, force: true });
    await atelier.close();
    fs.rmSync(profile, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Time to first results on the real index, then the 100,000 synthetic results scrolled. */
async function searchCases(
  context: BrowserContext,
  realUrl: string,
  fakeUrl: string,
  fakeBaselineUrl: string | null,
): Promise<void> {
  const page = await context.newPage();
  await page.goto(realUrl);
  await page.getByText('CPU', { exact: true }).waitFor();
  console.log(`\ntime to first results (${LIBRARY_SIZE} indexed images, color model, Enter → first tile):`);
  const cold = await firstResultMs(page, 'red');
  console.log(`  first query, cold thumbnails: in DOM ${ms(cold.dom)}, thumbnail shown ${ms(cold.image)}`);
  const warm: number[] = [];
  const shown: number[] = [];
  for (const q of ['blue', 'green', 'yellow', 'purple', 'orange', 'teal', 'pink', 'brown', 'grey', 'white']) {
    const t = await firstResultMs(page, q);
    warm.push(t.dom);
    shown.push(t.image);
  }
  const w = stats(warm);
  const s = stats(shown);
  console.log(
    `  next ${w.n} queries: in DOM p50 ${ms(w.p50)} max ${ms(w.max)}; thumbnail p50 ${ms(s.p50)} max ${ms(s.max)}`,
  );

  await page.goto(fakeUrl);
  await page.getByText('CPU', { exact: true }).waitFor();
  const big = await firstResultMs(page, 'anything');
  console.log(
    `\n${FAKE_RESULTS.toLocaleString()} results (synthetic): first tile in DOM ${ms(big.dom)} (JSON transfer, parse and render)`,
  );
  const variants = fakeBaselineUrl
    ? [
        { label: `baseline ${BASELINE}`, url: fakeBaselineUrl },
        { label: 'current', url: fakeUrl },
      ]
    : [{ label: 'current', url: fakeUrl }];
  for (const px of [FLING_PX, WHEEL_PX]) {
    console.log(`  scrolling ${SCROLL_FRAMES} frames at ${px} px/frame:`);
    // Baseline, current, current, baseline: a load that drifts during the run weighs on both alike.
    const order = variants.length === 2 ? [0, 1, 1, 0] : [0];
    const runs = new Map<string, ScrollRun[]>();
    for (const i of order) {
      const { label, url } = variants[i]!;
      const run = await scrollFresh(context, url, px);
      runs.set(label, [...(runs.get(label) ?? []), run]);
      console.log(`    ${describeRun(label, run)}`);
    }
    if (runs.size === 2) {
      const p50 = (label: string) => stats(runs.get(label)!.flatMap((r) => r.frames)).p50;
      const [base, current] = variants.map((v) => p50(v.label));
      console.log(
        `    frame p50, both runs pooled: current ${ms(current!)} vs baseline ${ms(base!)} (×${(current! / base!).toFixed(2)})`,
      );
    }
  }
  await page.goto(fakeUrl);
  await page.getByText('CPU', { exact: true }).waitFor();
  await firstResultMs(page, 'anything');
  const nodes = await measureScroll(page, 60, FLING_PX);
  console.log(
    `  options in the DOM at most: ${nodes.maxNodes} (of ${FAKE_RESULTS.toLocaleString()}); grid height ${nodes.scrollHeight.toLocaleString()} px`,
  );
  const jump = await page.evaluate<number>(`new Promise((resolve) => {
    const grid = document.querySelector('[role="listbox"][aria-label="Results"]');
    grid.focus();
    const t0 = performance.now();
    grid.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    const tick = () => document.getElementById('result-${FAKE_RESULTS - 1}') ? resolve(performance.now() - t0) : requestAnimationFrame(tick);
    requestAnimationFrame(tick);
  })`);
  console.log(`  End key to the last of ${FAKE_RESULTS.toLocaleString()} results on screen: ${ms(jump)}`);
  await page.close();
}

/** A fresh page on `url` with the 100,000 results, then one scroll measurement. */
async function scrollFresh(context: BrowserContext, url: string, px: number): Promise<ScrollRun> {
  const page = await context.newPage();
  try {
    await page.goto(url);
    await page.getByText('CPU', { exact: true }).waitFor();
    await firstResultMs(page, 'anything');
    return await measureScroll(page, SCROLL_FRAMES, px);
  } finally {
    await page.close();
  }
}

await main();
