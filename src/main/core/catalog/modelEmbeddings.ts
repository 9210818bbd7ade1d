/** One model's vectors in the catalog: how far they cover the library, their size, their removal. */
import type { Db } from './database';

/** Library files whose content has a vector of `model`, out of all library files. */
export function coverage(db: Db, model: string): { done: number; total: number } {
  return db
    .prepare(
      `SELECT count(*) AS total,
         count(*) FILTER (WHERE EXISTS (SELECT 1 FROM embeddings e WHERE e.content_key = f.content_key AND e.model_id = ?)) AS done
       FROM files f`,
    )
    .get(model) as { done: number; total: number };
}

/** Bytes of `model`'s vectors in the catalog (four per dimension). */
export function embeddingBytes(db: Db, model: string): number {
  const row = db.prepare(`SELECT count * dim * 4 AS bytes FROM model_vectors WHERE model_id = ?`).get(model) as
    { bytes: number } | undefined;
  return row?.bytes ?? 0;
}

/** The width of `model`'s stored vectors, or null when it has none. */
export function embeddingDim(db: Db, model: string): number | null {
  const row = db.prepare(`SELECT dim FROM model_vectors WHERE model_id = ?`).get(model) as { dim: number } | undefined;
  return row?.dim ?? null;
}

/**
 * Deletes every vector of `model` and every store's place for it in the change log, so a store
 * that later gets this model again is sent everything. Returns how many vectors went.
 */
export function deleteEmbeddings(db: Db, model: string): number {
  return db.transaction(() => {
    db.prepare(`DELETE FROM store_cursors WHERE model_id = ?`).run(model);
    // Found in the key index, which covers the subquery: a scan of the table reads every vector.
    return db
      .prepare(`DELETE FROM embeddings WHERE rowid IN (SELECT rowid FROM embeddings WHERE model_id = ?)`)
      .run(model).changes;
  })();
}
