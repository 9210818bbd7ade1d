/**
 * Whether every file of a library folder has a vector of a model, remembered
 * while nothing changes. A re-index asks this of each of a million files; when
 * no file has changed since a run found it true, and the model has as many
 * vectors as then (none dropped, as removing a model's vectors does), it still
 * holds, and the per-file lookups are spared.
 */
import type { Db } from './database';
import { doneSinceChange, sinceDone } from './passMarks';

/** The mark's key: the model's count of vectors is part of what it holds for. */
export function embeddedKey(db: Db, rootId: number, modelId: string): string {
  // Kept by triggers (migration 29): counting read every index entry of the model's vectors.
  const count = (db.prepare(`SELECT count FROM model_vectors WHERE model_id = ?`).pluck().get(modelId) as number) ?? 0;
  return `embedded@${modelId}@${rootId}@${count}`;
}

/** True when every file of the root is known to have a vector of the model (`key` from `embeddedKey`). */
export function allEmbedded(db: Db, key: string): boolean {
  return doneSinceChange(db, key);
}

/**
 * After a run: checks the root's files (those written since it last held, where the change log
 * reaches back that far), and remembers the answer when it is yes. `before` is the key
 * `embeddedKey` gave when the run started: the vectors the run made change the count in it.
 */
export async function settleEmbedded(db: Db, rootId: number, modelId: string, before: string): Promise<void> {
  await sinceDone(
    db,
    before,
    (all, since) => {
      // A touched or renamed file keeps the content it had when the mark last held.
      const written = all && (since.contentWritten() ?? all);
      const missing = db
        .prepare(
          `SELECT 1 FROM files f WHERE f.root_id = ? ${written ? 'AND f.id IN (SELECT value FROM json_each(?))' : ''}
             AND NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.content_key = f.content_key AND e.model_id = ?) LIMIT 1`,
        )
        .get(...(written ? [rootId, JSON.stringify(written), modelId] : [rootId, modelId]));
      return missing === undefined;
    },
    () => embeddedKey(db, rootId, modelId),
  );
}
