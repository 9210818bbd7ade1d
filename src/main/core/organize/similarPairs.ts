/**
 * The pairs of vectors whose cosine similarity passes a threshold. An HNSW graph
 * (usearch, the library the embedded store uses) proposes each vector's nearest
 * neighbours in one multithreaded batch; each candidate is then scored exactly from
 * the f32 vectors, so the graph only decides which pairs are looked at, never a score.
 * An exact all-pairs scan of 100k 512-d vectors is 2.5e12 multiply-adds: minutes
 * even with SIMD, where the graph takes seconds.
 */
import { Index, MetricKind, ScalarKind } from 'usearch';

export interface SimilarPair {
  a: number;
  b: number;
  similarity: number;
}

/** Neighbours asked per vector: a larger group is still found whole, through its links. */
const NEIGHBOURS = 12;

/** `vectors` holds `n` unit rows of `dim` floats; pairs come once each, a < b. */
export function similarPairs(vectors: Float32Array, dim: number, threshold: number): SimilarPair[] {
  const n = vectors.length / dim;
  if (n < 2) return [];
  const index = new Index({
    dimensions: dim,
    metric: MetricKind.Cos,
    // f16 halves the graph's memory; the candidates are re-scored in f32 below.
    quantization: ScalarKind.F16,
    connectivity: 16,
    expansion_add: 64,
    expansion_search: 64,
    multi: false,
  });
  const keys = new BigUint64Array(n);
  for (let i = 0; i < n; i++) keys[i] = BigInt(i);
  index.add(keys, vectors, 0);
  const k = Math.min(NEIGHBOURS, n);
  const found = index.search(vectors, k, 0) as unknown as { keys: BigUint64Array; counts: BigUint64Array };
  const pairs: SimilarPair[] = [];
  for (let a = 0; a < n; a++) {
    const count = Number(found.counts[a]);
    for (let j = 0; j < count; j++) {
      const b = Number(found.keys[a * k + j]);
      if (b === a) continue;
      const similarity = dot(vectors, a, b, dim);
      // Each pair is kept from its lower end; the higher end's list may hold it too, or may not.
      if (similarity >= threshold) pairs.push(a < b ? { a, b, similarity } : { a: b, b: a, similarity });
    }
  }
  return dedupe(pairs);
}

function dot(v: Float32Array, a: number, b: number, dim: number): number {
  let s = 0;
  const oa = a * dim;
  const ob = b * dim;
  for (let d = 0; d < dim; d++) s += v[oa + d]! * v[ob + d]!;
  return s;
}

function dedupe(pairs: SimilarPair[]): SimilarPair[] {
  const seen = new Set<string>();
  return pairs.filter((p) => {
    const key = `${p.a}:${p.b}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
