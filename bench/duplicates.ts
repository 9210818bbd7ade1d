/**
 * How long `atelier duplicates` takes on a large library: n files with synthetic
 * 512-d vectors in a real catalog file, one in twenty a slightly perturbed copy of
 * another (so there are groups to find), and a few exact copies by content.
 *
 *   npm run bench:duplicates -- --n 100000 --json
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Catalog } from '../src/main/core/catalog/catalog';
import { findDuplicates } from '../src/main/core/organize/duplicates';
import { rng } from './dataset';

const DIM = 512;
const MODEL = 'bench-model';

const { values } = parseArgs({ options: { n: { type: 'string', default: '10000' }, json: { type: 'boolean' } } });
const n = Number(values.n);
if (!Number.isInteger(n) || n < 2) throw new Error(`--n must be a whole number of at least 2, not "${values.n}"`);

function unit(v: Float32Array): Float32Array {
  const norm = Math.hypot(...v);
  for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}

function fill(catalog: Catalog, lib: string): void {
  const rand = rng(7); // deterministic, so runs compare
  const root = catalog.addRoot(lib);
  let previous: Float32Array = new Float32Array(DIM);
  catalog.db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const near = i > 0 && i % 20 === 0;
      const v = unit(
        Float32Array.from({ length: DIM }, (_, d) => (near ? previous[d]! + (rand() - 0.5) * 0.02 : rand() - 0.5)),
      );
      const copy = i > 0 && i % 500 === 0;
      const contentKey = copy ? `${i - 1}-c${i - 1}` : `${i}-c${i}`;
      const file = path.join(lib, `img${i}.png`);
      catalog.putFile({
        rootId: root.id,
        path: file,
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
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-bench-duplicates-'));
try {
  const catalog = Catalog.open(path.join(dir, 'catalog.db'));
  fill(catalog, path.join(dir, 'lib'));
  const start = performance.now();
  const groups = findDuplicates(catalog.db, MODEL);
  const seconds = (performance.now() - start) / 1000;
  catalog.close();
  const result = {
    n,
    seconds: Math.round(seconds * 100) / 100,
    groups: groups.length,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else
    process.stdout.write(
      `${n} images: ${groups.length} groups in ${result.seconds} s, peak RSS ${result.peak_rss_mb} MB\n`,
    );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
