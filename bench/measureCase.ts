/**
 * One benchmark case in two child processes, so each one's peak memory is its
 * own: the first inserts n synthetic vectors through the real store and waits
 * until it is built; the second opens what it built (as an app does after a
 * restart), times searches and judges them against brute force.
 *
 * (Searching in the building process would also measure an artefact: a closed
 * store's native index is freed only when V8 collects its wrapper, and V8 does
 * not know how big it is, so a reopen in the same process held two.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ModelSpace, VectorEntry } from '../src/main/core/vectors/vectorStore';
import { backends } from './backends';
import { SyntheticDataset } from './dataset';
import { groundTruth } from './groundTruth';

/** What one case reports (the JSON line of `bench:search --json`). */
export interface CaseResult {
  n: number;
  backend: string;
  p50_ms: number;
  p99_ms: number;
  recall_at_10: number;
  build_s: number;
  peak_rss_mb: number;
}

/** What the build process reports. */
export interface BuildResult {
  dir: string;
  build_s: number;
  build_rss_mb: number;
}

/** What the search process reports; the table shows it beside the result. */
export interface SearchResult {
  p50_ms: number;
  p99_ms: number;
  recall_at_10: number;
  search_rss_mb: number;
  /** Brute force over the same vectors, per query (f32 SIMD, one thread): the baseline. */
  brute_ms: number;
  /** From opening the built store to its first answer: the start-up cost. */
  reopen_s: number;
  stats: Record<string, unknown>;
}

const PAGE = 2000;
const K = 10;
const model = (data: SyntheticDataset): ModelSpace => ({ id: 'bench-clip-512', dim: data.spec.dim });
const peakMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const round = (x: number, digits = 3) => Number(x.toFixed(digits));
const log = (message: string) => process.stderr.write(`  [${new Date().toISOString().slice(11, 19)}] ${message}\n`);

function entriesOf(rows: Float32Array, start: number, dim: number): VectorEntry[] {
  return Array.from({ length: rows.length / dim }, (_, j) => {
    const i = start + j;
    const folder = `/bench/library/set${i % 100}/`;
    return {
      path: `${folder}img${i}.jpg`,
      filename: `img${i}.jpg`,
      folder,
      contentKey: `key${i}`,
      size: 100_000 + i,
      mtimeMs: 1_700_000_000_000,
      width: 1024,
      height: 768,
      format: 'jpeg',
      vector: rows.subarray(j * dim, (j + 1) * dim),
    };
  });
}

export async function buildCase(n: number, backendName: string): Promise<BuildResult> {
  const data = new SyntheticDataset();
  const space = model(data);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `atelier-bench-${backendName}-`));
  const bench = await backends[backendName]!.open(dir);
  let buildMs = 0;
  for (let start = 0; start < n; start += PAGE) {
    const entries = entriesOf(data.rows(start, Math.min(PAGE, n - start)), start, space.dim); // not timed
    const t = performance.now();
    await bench.store.upsert(space, entries);
    buildMs += performance.now() - t;
    if (start % 200_000 === 0) log(`${backendName} n=${n}: inserted ${start + entries.length}`);
  }
  const t = performance.now();
  await bench.built(space);
  buildMs += performance.now() - t;
  await bench.store.close();
  log(`${backendName} n=${n}: built in ${(buildMs / 1000).toFixed(1)} s`);
  return { dir, build_s: round(buildMs / 1000, 1), build_rss_mb: peakMb() };
}

export async function searchCase(
  n: number,
  backendName: string,
  dir: string,
  queryCount: number,
  keep: boolean,
): Promise<SearchResult> {
  const data = new SyntheticDataset();
  const space = model(data);
  const flat = data.queries(queryCount);
  const queries = Array.from({ length: queryCount }, (_, i) => flat.slice(i * space.dim, (i + 1) * space.dim));
  try {
    let t = performance.now();
    const bench = await backends[backendName]!.open(dir);
    await bench.store.search(space, queries[0]!, K);
    const reopenMs = performance.now() - t;
    for (const q of queries.slice(0, 10)) await bench.store.search(space, q, K); // warm up the code, not the data

    const latencies: number[] = [];
    const found: string[][] = [];
    for (const q of queries) {
      t = performance.now();
      const hits = await bench.store.search(space, q, K);
      latencies.push(performance.now() - t);
      found.push(hits.map((h) => h.path));
    }
    const stats = await bench.store.stats(space);
    if (!keep) await bench.dispose(space);
    await bench.store.close();
    const searchRss = peakMb();

    log(`${backendName} n=${n}: searched; brute force for the ground truth...`);
    const truth = groundTruth(data, n, queries, K);
    let hitCount = 0;
    truth.top.forEach((rows, i) => {
      const mine = new Set(found[i]!.map((p) => Number(/img(\d+)\.jpg$/.exec(p)![1])));
      hitCount += rows.filter((r) => mine.has(r)).length;
    });
    latencies.sort((a, b) => a - b);
    const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
    return {
      p50_ms: round(percentile(0.5)),
      p99_ms: round(percentile(0.99)),
      recall_at_10: round(hitCount / (queryCount * K), 4),
      search_rss_mb: searchRss,
      brute_ms: round(truth.bruteMs),
      reopen_s: round(reopenMs / 1000, 2),
      stats,
    };
  } finally {
    if (keep) log(`${backendName} n=${n}: kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}
