/**
 * How long `atelier duplicates` takes on a large library: n files with synthetic
 * 512-d vectors in a real catalog file, one in twenty a slightly perturbed copy of
 * the one before (so there are groups to find: `expected` of them, copies included),
 * and one in five hundred an exact copy by content.
 *
 * `seconds` is the first look, which searches every image's neighbours; then 100 new
 * images arrive (half of them near copies of old ones) and `incremental_seconds` is
 * the look after, which searches only theirs; `regroup_seconds` is a look at another
 * threshold, which searches nothing.
 *
 * The vectors are the clustered ones of bench/search.ts (`--data clustered`, like real
 * CLIP embeddings); `--data uniform` draws them uniformly instead, the worst case for
 * any approximate index, where some pairs are missed.
 *
 *   npm run bench:duplicates -- --n 100000 --json
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Catalog } from '../src/main/core/catalog/catalog';
import { findDuplicates } from '../src/main/core/organize/duplicates';
import { rng, SyntheticDataset } from './dataset';

const DIM = 512;
const MODEL = 'bench-model';
const ARRIVALS = 100;

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '10000' },
    data: { type: 'string', default: 'clustered' },
    json: { type: 'boolean' },
  },
});
const n = Number(values.n);
if (!Number.isInteger(n) || n < 2) throw new Error(`--n must be a whole number of at least 2, not "${values.n}"`);
if (values.data !== 'clustered' && values.data !== 'uniform') {
  throw new Error(`--data must be clustered or uniform, not "${values.data}"`);
}

const rand = rng(7); // deterministic, so runs compare
const dataset = new SyntheticDataset();

function unit(v: Float32Array): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}

function fresh(i: number): Float32Array {
  if (values.data === 'uniform') return unit(Float32Array.from({ length: DIM }, () => rand() - 0.5));
  const v = new Float32Array(DIM);
  dataset.row(i, v);
  return v;
}

function nearCopy(of: Float32Array): Float32Array {
  return unit(Float32Array.from(of, (x) => x + (rand() - 0.5) * 0.02));
}

/** Adds files first..first+count-1; returns how many groups they make (a near copy or a copy each). */
function fill(catalog: Catalog, rootId: number, lib: string, first: number, count: number): number {
  let groups = 0;
  let previous: Float32Array = new Float32Array(DIM);
  catalog.db.transaction(() => {
    for (let i = first; i < first + count; i++) {
      const near = i > first && i % 20 === 0;
      const copy = i > first && i % 500 === 0;
      const v = near ? nearCopy(previous) : fresh(i);
      const contentKey = copy ? `${i - 1}-c${i - 1}` : `${i}-c${i}`;
      if (near || copy) groups++;
      catalog.putFile({
        rootId,
        path: path.join(lib, `img${i}.png`),
        contentKey,
        size: i,
        mtimeMs: 1,
        width: 64,
        height: 64,
        format: 'png',
      });
      if (!copy) catalog.putEmbedding(contentKey, MODEL, v);
      previous = v;
    }
  })();
  return groups;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, Math.round((performance.now() - start) / 10) / 100];
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-bench-duplicates-'));
try {
  const catalog = Catalog.open(path.join(dir, 'catalog.db'));
  const lib = path.join(dir, 'lib');
  const root = catalog.addRoot(lib);
  let expected = fill(catalog, root.id, lib, 0, n);
  const [groups, seconds] = await timed(() => findDuplicates(catalog.db, MODEL));
  // The arrivals start a fresh stretch of rows: every 20th of them a near copy of the one before.
  expected += fill(catalog, root.id, lib, n, ARRIVALS);
  const [after, incremental] = await timed(() => findDuplicates(catalog.db, MODEL));
  const [, regroup] = await timed(() => findDuplicates(catalog.db, MODEL, 0.95));
  catalog.close();
  const result = {
    n,
    seconds,
    groups: groups.length,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    data: values.data,
    groups_after_arrivals: after.length,
    expected_after_arrivals: expected,
    incremental_seconds: incremental,
    regroup_seconds: regroup,
  };
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else
    process.stdout.write(
      `${n} images: ${groups.length} groups in ${seconds} s, peak RSS ${result.peak_rss_mb} MB; ` +
        `${ARRIVALS} more: ${after.length} groups (${expected} made) in ${incremental} s; ` +
        `at 0.95 in ${regroup} s\n`,
    );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
