/**
 * All of one model's vectors as one contiguous matrix, for exact search.
 * Rebuilt from the catalog only when the catalog has changed.
 */
import type { Catalog } from '../catalog/catalog';

export interface VectorMatrix {
  dim: number;
  count: number;
  data: Float32Array;
  paths: string[];
  widths: Int32Array;
  heights: Int32Array;
  formats: string[];
}

export function loadMatrix(catalog: Catalog, modelId: string): VectorMatrix {
  const rows = [...catalog.vectors(modelId)];
  const dim = rows[0]?.vector.length ?? 0;
  const data = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => data.set(r.vector, i * dim));
  return {
    dim,
    count: rows.length,
    data,
    paths: rows.map((r) => r.path),
    widths: Int32Array.from(rows, (r) => r.width),
    heights: Int32Array.from(rows, (r) => r.height),
    formats: rows.map((r) => r.format),
  };
}

/** Dot product of every row with the query (cosine, as both are unit vectors). */
export function scoreAll(m: VectorMatrix, query: Float32Array): Float32Array {
  const scores = new Float32Array(m.count);
  const { data, dim } = m;
  for (let r = 0, off = 0; r < m.count; r++, off += dim) {
    let s = 0;
    for (let i = 0; i < dim; i++) s += data[off + i]! * query[i]!;
    scores[r] = s;
  }
  return scores;
}

export function createMatrixCache(catalog: Catalog) {
  const cache = new Map<string, { version: string; matrix: VectorMatrix }>();
  return (modelId: string): VectorMatrix => {
    const version = catalog.version();
    const hit = cache.get(modelId);
    if (hit && hit.version === version) return hit.matrix;
    const matrix = loadMatrix(catalog, modelId);
    cache.set(modelId, { version, matrix });
    return matrix;
  };
}
