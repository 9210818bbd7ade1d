/**
 * Every library file's cosine similarity to a query vector under one model,
 * read straight from the catalog's vectors: an auto-tag must reach every image
 * above its threshold, which no top-k search promises.
 */
import type { Db } from '../catalog/database';

export interface FileScore {
  fileId: number;
  path: string;
  score: number;
}

/** `query` is a unit vector; stored vectors are normalised as they are read. */
export function scoreFiles(db: Db, model: string, query: Float32Array): FileScore[] {
  const rows = db
    .prepare(
      // The model's rows found in the key index: a scan of the table would read every other model's vectors.
      `SELECT f.id, f.path, e.vector FROM files f JOIN embeddings e ON e.content_key = f.content_key
       WHERE e.rowid IN (SELECT rowid FROM embeddings WHERE model_id = ?)`,
    )
    .raw()
    .iterate(model) as Iterable<[number, string, Buffer]>;
  const scores: FileScore[] = [];
  for (const [fileId, path, blob] of rows) {
    if (blob.byteLength !== query.length * 4) continue;
    // A copy: the blob's bytes need not be 4-byte aligned.
    const v = new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
    let dot = 0;
    let norm = 0;
    for (let i = 0; i < v.length; i++) {
      dot += v[i]! * query[i]!;
      norm += v[i]! * v[i]!;
    }
    scores.push({ fileId, path, score: norm > 0 ? dot / Math.sqrt(norm) : 0 });
  }
  return scores;
}

/** The mean direction of unit vectors, as a unit vector. */
export function meanDirection(vectors: readonly Float32Array[]): Float32Array {
  const sum = new Float32Array(vectors[0]!.length);
  for (const v of vectors) for (let i = 0; i < v.length; i++) sum[i]! += v[i]!;
  let norm = 0;
  for (const x of sum) norm += x * x;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < sum.length; i++) sum[i]! /= norm;
  return sum;
}
