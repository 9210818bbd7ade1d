/**
 * `npm run bench:library -- [--files N] [--json] [--model DIR]`
 *
 * A large library on one workstation (default N = 1,000,000 images). The
 * tree (bench/libraryTree.ts) and a data folder whose catalog and embedded
 * store already hold all of it (bench/librarySeed.ts) are made once into
 * bench/.cache and reused. Each run then measures, on that same tree:
 * GNU find over it (the baseline), `atelier index` with nothing changed, the
 * same after touching 1% of the files and adding 1% (with its peak memory),
 * the catalog's size per image, and in a fresh app process (libraryApp.ts)
 * start-up to the first search answered, text search and browse latency, and
 * watching the tree. The changes are undone afterwards, so runs repeat.
 * The model is the shared tiny stand-in (512-d) unless --model names another:
 * the vectors are written, not encoded, and a query's encoding is bench:query's measure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openAtelier } from '../src/cli/context';
import { CACHE } from './benchModel';
import { printChildResult, runChild } from './childCase';
import { appCase, type AppResult } from './libraryApp';
import { changeTree, openCatalogOnce, syncStoreOnce, timeFind, timeIndex } from './libraryRuns';
import { libraryPaths, seedLibrary } from './librarySeed';
import { printLibraryTable } from './libraryTable';

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '1000000' },
    json: { type: 'boolean', default: false },
    model: {
      type: 'string',
      default: path.resolve(import.meta.dirname, '..', '..', 'shared', 'clip', 'models', 'tiny-random'),
    },
    // Internal: what a child process runs.
    child: { type: 'string' },
  },
});

const n = Number(values.files);
const model = path.resolve(values.model);
const paths = libraryPaths(CACHE, n);
const say = (line: string) => (values.json ? process.stderr : process.stdout).write(`${line}\n`);
const round = (x: number, digits = 2) => Number(x.toFixed(digits));

async function seedChild(): Promise<unknown> {
  fs.rmSync(path.dirname(paths.tree), { recursive: true, force: true });
  fs.mkdirSync(paths.tree, { recursive: true });
  const atelier = openAtelier({ data: paths.data, model, json: false });
  try {
    await seedLibrary(atelier, paths.tree, n);
  } finally {
    await atelier.close();
  }
  fs.writeFileSync(paths.complete, '');
  return {};
}

function catalogBytes(): number {
  const db = path.join(paths.data, 'catalog.db');
  return [db, `${db}-wal`].reduce((sum, f) => sum + (fs.statSync(f, { throwIfNoEntry: false })?.size ?? 0), 0);
}

async function main(): Promise<void> {
  if (!(n > 0)) throw new Error(`--files must be a positive number, not ${values.files}`);
  if (values.child === 'seed') return printChildResult(await seedChild());
  if (values.child === 'app') return printChildResult(await appCase(paths.tree, paths.data, model, n));

  if (!fs.existsSync(paths.complete)) {
    say(`Making a library of ${n} images into ${path.dirname(paths.tree)} (once)...`);
    const t = performance.now();
    await runChild(['--child', 'seed', '--files', String(n), '--model', model]);
    say(`  made in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  }
  const tree = fs.realpathSync(paths.tree);
  await openCatalogOnce(paths.data, model);

  say('find (once to warm the page cache, once timed)...');
  await timeFind(tree);
  const findS = await timeFind(tree);

  // Nothing changed means nothing since the last index: the seed wrote the catalog without one.
  say('atelier index once, not timed, as a last index leaves the library...');
  await timeIndex(tree, paths.data, model);
  say('atelier index, nothing changed...');
  const noop = await timeIndex(tree, paths.data, model);

  const change = changeTree(tree, n);
  say(`atelier index after touching ${change.touched} files and adding ${change.added}...`);
  let changed;
  try {
    changed = await timeIndex(tree, paths.data, model);
  } finally {
    change.undo();
    say('  (undoing the changes: one more index, and a search that brings the store up to date, not timed)');
    await timeIndex(tree, paths.data, model);
    await syncStoreOnce(paths.data, model);
  }

  say('the app: start-up, search, browse, watching...');
  const app = await runChild<AppResult>(['--child', 'app', '--files', String(n), '--model', model]);

  const result = {
    files: n,
    find_s: round(findS),
    noop_index_s: round(noop.seconds),
    changed_index_s: round(changed.seconds),
    peak_rss_mb: changed.peakRssMb,
    catalog_bytes_per_image: Math.round(catalogBytes() / n),
    browse_first_p50_ms: app.browse_first_p50_ms,
    browse_deep_p50_ms: app.browse_deep_p50_ms,
    search_p50_ms: app.search_p50_ms,
    watch_start_s: app.watch_start_s,
    watch_rss_mb: app.watch_rss_mb,
    new_file_searchable_s: app.new_file_searchable_s,
    start_to_searchable_s: app.start_to_searchable_s,
  };
  printLibraryTable(result, { noopRssMb: noop.peakRssMb, deepPage: app.browse_deep_page }, say);
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
