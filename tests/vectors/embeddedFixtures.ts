/**
 * Shared material for the embedded store's tests: a small clustered library
 * (the benchmark's generator at 64 dimensions, so an HNSW build takes
 * seconds), entries spread over folders and formats with very different
 * shares, and brute force to judge every answer against.
 */
import { SyntheticDataset } from '../../bench/dataset';
import type { ModelSpace, VectorEntry, VectorFilter, VectorHit } from '../../src/main/core/vectors/vectorStore';

export const DIM = 64;

export const dataset = new SyntheticDataset({ dim: DIM, clusters: 40, rank: 6, spread: 0.35, noise: 0.1, seed: 7 });

/** Where entry i lives: most in /lib/big/, some in /lib/mid/, a handful in /lib/rare/. */
export function placeOf(i: number): { folder: string; format: string } {
  const folder = i % 500 === 0 ? '/lib/rare/' : i % 4 === 0 ? '/lib/mid/' : '/lib/big/';
  const format = i % 7 === 0 ? 'webp' : i % 2 === 0 ? 'jpeg' : 'png';
  return { folder, format };
}

export function entry(i: number, vector: Float32Array = dataset.rows(i, 1), name = `img${i}`): VectorEntry {
  const { folder, format } = placeOf(i);
  const path = `${folder}${name}.${format === 'jpeg' ? 'jpg' : format}`;
  return {
    path,
    filename: path.slice(folder.length),
    folder,
    contentKey: `k${i}-${name}`,
    size: 1000 + i,
    mtimeMs: 1,
    width: 100 + (i % 50),
    height: 80,
    format,
    vector,
  };
}

export function entries(from: number, count: number): VectorEntry[] {
  return Array.from({ length: count }, (_, j) => entry(from + j));
}

/** Upserts in pages, as the change log's sync does. */
export async function fill(
  store: { upsert(m: ModelSpace, e: VectorEntry[]): Promise<void> },
  model: ModelSpace,
  list: VectorEntry[],
): Promise<void> {
  for (let i = 0; i < list.length; i += 500) await store.upsert(model, list.slice(i, i + 500));
}

export function queries(count: number): Float32Array[] {
  const flat = dataset.queries(count);
  return Array.from({ length: count }, (_, i) => flat.slice(i * DIM, (i + 1) * DIM));
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** The true top k paths of a library for a query, within a filter. */
export function bruteForce(
  library: VectorEntry[],
  query: Float32Array,
  k: number,
  filter: VectorFilter = {},
): string[] {
  const accept = (e: VectorEntry) =>
    (!filter.formats?.length || filter.formats.includes(e.format)) &&
    (!filter.folders?.length || filter.folders.some((f) => e.path.startsWith(f)));
  return library
    .filter(accept)
    .map((e) => ({ path: e.path, score: dot(e.vector, query) }))
    .sort((a, b) => b.score - a.score || (a.path < b.path ? -1 : 1))
    .slice(0, k)
    .map((h) => h.path);
}

/** Share of the true top k that the hits found. */
export function recall(hits: VectorHit[], truth: string[]): number {
  if (truth.length === 0) return hits.length === 0 ? 1 : 0;
  const found = new Set(hits.map((h) => h.path));
  return truth.filter((p) => found.has(p)).length / truth.length;
}
