/** The vectors near-duplicates are found among: one per content a library file has, under one model. */
import type { Db } from '../catalog/database';

export interface ContentVectors {
  /** Content keys, in the order of the matrix's rows. */
  keys: string[];
  /** `keys.length` unit rows of `dim` floats. */
  vectors: Float32Array;
  dim: number;
}

/** The model's vectors of the library's contents, as one flat matrix of unit rows. */
export function contentVectors(db: Db, model: string): ContentVectors {
  // Counted in the key index alone, and the rows found there: a scan of the table would read every
  // other model's vectors too. The width is the model's (model_vectors), not read from its vectors.
  const count = db
    .prepare(
      `SELECT (SELECT count(*) FROM embeddings e
         WHERE e.model_id = @model AND EXISTS (SELECT 1 FROM files f WHERE f.content_key = e.content_key)) AS n,
       (SELECT dim FROM model_vectors WHERE model_id = @model) AS dim`,
    )
    .get({ model }) as { n: number; dim: number | null };
  const dim = count.dim ?? 0;
  const vectors = new Float32Array(count.n * dim);
  const keys: string[] = [];
  const rows = db
    .prepare(
      `SELECT e.content_key, e.vector FROM embeddings e
       WHERE e.rowid IN (SELECT rowid FROM embeddings WHERE model_id = ?)
         AND EXISTS (SELECT 1 FROM files f WHERE f.content_key = e.content_key)`,
    )
    .raw()
    .iterate(model);
  for (const [key, blob] of rows as Iterable<[string, Buffer]>) {
    if (keys.length === count.n || blob.byteLength !== dim * 4) continue;
    // A copy: the blob's bytes need not be 4-byte aligned.
    const row = new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
    vectors.set(normalised(row), keys.length * dim);
    keys.push(key);
  }
  // A copy when rows were skipped: native code reads a view's whole buffer.
  return { keys, vectors: keys.length === count.n ? vectors : vectors.slice(0, keys.length * dim), dim };
}

function normalised(v: Float32Array): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  if (norm > 0 && Math.abs(norm - 1) > 1e-6) for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}
