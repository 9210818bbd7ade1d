/**
 * Whether every file of a library folder has a vector of a model, remembered
 * while nothing changes. A re-index asks this of each of a million files; when
 * no file has changed since a run found it true, and the model has as many
 * vectors as then (none dropped, as removing a model's vectors does), it still
 * holds, and the per-file lookups are spared.
 */
import type { Db } from './database';
import { doneSinceChange, unlessDone } from './passMarks';

function keyOf(db: Db, rootId: number, modelId: string): string {
  const count = (db.prepare(`SELECT count(*) AS n FROM embeddings WHERE model_id = ?`).get(modelId) as { n: number }).n;
  return `embedded@${modelId}@${rootId}@${count}`;
}

/** True when every file of the root is known to have a vector of the model. */
export function allEmbedded(db: Db, rootId: number, modelId: string): boolean {
  return doneSinceChange(db, keyOf(db, rootId, modelId));
}

/** After a run: checks the root's files once, and remembers the answer when it is yes. */
export async function settleEmbedded(db: Db, rootId: number, modelId: string): Promise<void> {
  await unlessDone(db, keyOf(db, rootId, modelId), () => {
    const missing = db
      .prepare(
        `SELECT 1 FROM files f WHERE f.root_id = ? AND NOT EXISTS
           (SELECT 1 FROM embeddings e WHERE e.content_key = f.content_key AND e.model_id = ?) LIMIT 1`,
      )
      .get(rootId, modelId);
    return missing === undefined;
  });
}
