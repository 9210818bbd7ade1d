/**
 * Exact top 10 of every query by brute force, streamed over the dataset a
 * chunk at a time (regenerated, never held whole), with usearch's SIMD exact
 * search on one thread. Timing each query's calls gives the baseline the
 * index is compared with: what a search costs with no index at all.
 */
import { exactSearch, MetricKind } from 'usearch';
import type { SyntheticDataset } from './dataset';

export interface GroundTruth {
  /** Row numbers of each query's true top k, best first. */
  top: number[][];
  /** Mean milliseconds of one query's brute force over all n rows (f32, SIMD, one thread). */
  bruteMs: number;
}

const CHUNK = 8192;

export function groundTruth(data: SyntheticDataset, n: number, queries: Float32Array[], k = 10): GroundTruth {
  const dim = data.spec.dim;
  const best = queries.map(() => [] as Array<{ row: number; score: number }>);
  let spent = 0;
  for (let start = 0; start < n; start += CHUNK) {
    const count = Math.min(CHUNK, n - start);
    const rows = data.rows(start, count);
    queries.forEach((q, i) => {
      const t = performance.now();
      const found = exactSearch(rows, q, dim, Math.min(k, count), MetricKind.IP, 1);
      spent += performance.now() - t;
      const keys = found.keys;
      // usearch's IP distance is 1 - dot.
      keys.forEach((key, j) => best[i]!.push({ row: start + Number(key), score: 1 - found.distances[j]! }));
      best[i] = best[i]!.sort((a, b) => b.score - a.score).slice(0, k);
    });
  }
  return { top: best.map((b) => b.map((h) => h.row)), bruteMs: spent / queries.length };
}
