/**
 * The app's side of bench:library, in a fresh process: from its start to the
 * first text search answered over the whole catalog; text search and browse
 * latency with everything loaded; then watching the whole tree, and how long
 * a new image written into it takes to be found by a search.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openAtelier } from '../src/cli/context';
import { BrowseService } from '../src/main/core/browse/browseService';
import { tinyPng } from './libraryTree';

export interface AppResult {
  start_to_searchable_s: number;
  search_p50_ms: number;
  browse_first_p50_ms: number;
  browse_deep_p50_ms: number;
  /** The page the deep measure read (4,000, or the last page of a smaller library). */
  browse_deep_page: number;
  watch_start_s: number;
  watch_rss_mb: number;
  new_file_searchable_s: number;
}

const TEXTS = ['red texture', 'knight in armour at night', 'concept art of a desert city', 'blue dragon', 'forest'];
const PAGE_SIZE = 200; // the browse view's page
const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, digits = 1) => Number(x.toFixed(digits));
const rssMb = () => process.memoryUsage().rss / 2 ** 20;

async function timesOf(count: number, run: () => unknown): Promise<number[]> {
  await run(); // warm the code path
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await run();
    out.push(performance.now() - t);
  }
  return out;
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function appCase(tree: string, data: string, model: string, n: number): Promise<AppResult> {
  // performance.now() counts from this process's start: the app's start-up is all of it.
  const atelier = openAtelier({ data, model, json: false });
  try {
    const search = await atelier.search();
    await search.search({ text: TEXTS[0]! });
    const startToSearchable = performance.now() / 1000;
    // Search latency is measured with the model loaded: the first answer comes once the text model
    // is in, while the vision model may still be loading beside the searches timed next.
    await (await atelier.encoder()).ready();

    let q = 0;
    const searchMs = await timesOf(30, () => search.search({ text: TEXTS[q++ % TEXTS.length]! }));

    const browse = new BrowseService(atelier.catalog);
    const lastPage = Math.max(1, Math.ceil(n / PAGE_SIZE));
    const deepPage = Math.min(4000, lastPage);
    const page = (p: number) =>
      browse.page({ folder: tree, sort: 'added', limit: PAGE_SIZE, offset: (p - 1) * PAGE_SIZE });
    const firstMs = await timesOf(30, () => page(1));
    const deepMs = await timesOf(30, () => page(deepPage));
    if (page(1).results.length !== Math.min(PAGE_SIZE, n)) throw new Error('the first page is not full');

    const root = atelier.catalog.root(tree);
    if (!root) throw new Error(`${tree} is not in the catalog`);
    const rssBefore = rssMb();
    let t = performance.now();
    atelier.catalog.setRootWatch(root.id, true);
    const started = atelier.watches.resume({ catchUp: false });
    await atelier.watches.ready();
    const watchStartS = (performance.now() - t) / 1000;
    const watchRss = rssMb() - rssBefore;
    if (started.length !== 1) throw new Error('the tree could not be watched');

    const file = path.join(tree, 'project-000', 'renders', 'asset-0', `new-${process.pid}.png`);
    t = performance.now();
    fs.writeFileSync(file, tinyPng(0x7fffffff - process.pid));
    try {
      await until('the new file to be searchable', 120_000, async () => {
        if (!atelier.catalog.fileByPath(file)) return undefined;
        const found = await search.similar(file, 5);
        return found.results.some((r) => r.path === file) ? true : undefined;
      });
    } finally {
      fs.rmSync(file, { force: true });
    }
    const newFileS = (performance.now() - t) / 1000;
    // Leave the catalog as it was: the watcher sees the file go.
    await until('the removed file to leave the catalog', 120_000, () =>
      Promise.resolve(atelier.catalog.fileByPath(file) ? undefined : true),
    );
    atelier.catalog.setRootWatch(root.id, false);

    return {
      start_to_searchable_s: round(startToSearchable, 2),
      search_p50_ms: round(p50(searchMs)),
      browse_first_p50_ms: round(p50(firstMs)),
      browse_deep_p50_ms: round(p50(deepMs)),
      browse_deep_page: deepPage,
      watch_start_s: round(watchStartS, 2),
      watch_rss_mb: Math.round(watchRss),
      new_file_searchable_s: round(newFileS, 2),
    };
  } finally {
    await atelier.close();
  }
}
