/**
 * Near-duplicate pairs kept in the catalog, per model: each content's neighbours at or
 * above NEAR_SIMILARITY_FLOOR are searched once (`near_scans` marks it done) and stored as
 * pairs. Bringing them up to date searches only the contents never searched, against every
 * content, so indexing new images costs their own neighbours and nothing else; a pair
 * depends only on its two vectors, so a stored one never goes stale. A content whose last
 * file left the library loses its mark and its pairs: back again, it is searched afresh.
 */
import { NEAR_SIMILARITY_FLOOR } from '../../../shared/organize';
import type { Db } from '../catalog/database';
import { contentVectors } from './contentVectors';
import { neighbourPairs, type NeighbourProgress } from './neighbourPairs';

/** A pair of contents that look alike. */
export interface KeyPair {
  a: string;
  b: string;
  similarity: number;
}

/** What bringing the pairs up to date did. */
export interface NearUpdate {
  /** Contents whose neighbours were searched: the new ones only. */
  searched: number;
  /** Pairs stored for them. */
  paired: number;
}

/** Updates in flight in this process, per catalog and model. */
const inFlight = new WeakMap<Db, Map<string, Promise<NearUpdate>>>();

/**
 * Searches the neighbours of every content of the library not yet searched under `model`, and
 * stores its pairs. A call made while another runs in this process (a threshold slider moved during
 * a library's first look) waits for it, then searches only what is still new, rather than doing
 * the same search twice at once.
 */
export async function updateNearPairs(db: Db, model: string, onProgress?: NeighbourProgress): Promise<NearUpdate> {
  let running = inFlight.get(db);
  if (!running) inFlight.set(db, (running = new Map<string, Promise<NearUpdate>>()));
  const before = running.get(model);
  const mine = (async () => {
    await before?.catch(() => undefined);
    return searchNew(db, model, onProgress);
  })();
  running.set(model, mine);
  try {
    return await mine;
  } finally {
    if (running.get(model) === mine) running.delete(model);
  }
}

async function searchNew(db: Db, model: string, onProgress?: NeighbourProgress): Promise<NearUpdate> {
  forgetGone(db, model);
  const unsearched = new Set(
    db
      .prepare(
        `SELECT e.content_key FROM embeddings e
         WHERE e.model_id = ? AND EXISTS (SELECT 1 FROM files f WHERE f.content_key = e.content_key)
           AND NOT EXISTS (SELECT 1 FROM near_scans s WHERE s.model_id = e.model_id AND s.content_key = e.content_key)`,
      )
      .pluck()
      .all(model) as string[],
  );
  if (unsearched.size === 0) return { searched: 0, paired: 0 };
  const { keys, vectors, dim } = contentVectors(db, model);
  const asked = keys.flatMap((key, row) => (unsearched.has(key) ? [row] : []));
  const pairs = await neighbourPairs(vectors, dim, asked, NEAR_SIMILARITY_FLOOR, onProgress);
  const addPair = db.prepare(`INSERT OR REPLACE INTO near_pairs (model_id, a, b, similarity) VALUES (?, ?, ?, ?)`);
  const mark = db.prepare(`INSERT OR IGNORE INTO near_scans (model_id, content_key) VALUES (?, ?)`);
  db.transaction(() => {
    for (const { a, b, similarity } of pairs) {
      const [lo, hi] = keys[a]! < keys[b]! ? [keys[a]!, keys[b]!] : [keys[b]!, keys[a]!];
      addPair.run(model, lo, hi, similarity);
    }
    // A content whose vector could not be read (a wrong length) is marked too: it has nothing to compare.
    for (const key of unsearched) mark.run(model, key);
  })();
  return { searched: unsearched.size, paired: pairs.length };
}

/** The stored pairs at or above `threshold` (at least the floor) between contents the library still has. */
export function storedPairs(db: Db, model: string, threshold: number): KeyPair[] {
  return db
    .prepare(
      `SELECT a, b, similarity FROM near_pairs p
       WHERE p.model_id = ? AND p.similarity >= ?
         AND EXISTS (SELECT 1 FROM files f WHERE f.content_key = p.a)
         AND EXISTS (SELECT 1 FROM files f WHERE f.content_key = p.b)`,
    )
    .all(model, threshold) as KeyPair[];
}

/** Marks and pairs of contents no library file has any more, or whose vector is gone. */
function forgetGone(db: Db, model: string): void {
  const gone = (column: string) =>
    `(NOT EXISTS (SELECT 1 FROM files f WHERE f.content_key = ${column})
      OR NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.model_id = ? AND e.content_key = ${column}))`;
  db.transaction(() => {
    db.prepare(`DELETE FROM near_scans WHERE model_id = ? AND ${gone('near_scans.content_key')}`).run(model, model);
    db.prepare(
      `DELETE FROM near_pairs WHERE model_id = ? AND (${gone('near_pairs.a')} OR ${gone('near_pairs.b')})`,
    ).run(model, model, model);
  })();
}
