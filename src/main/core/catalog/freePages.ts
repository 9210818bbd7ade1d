/**
 * Gives the pages a bulk deletion freed back to the file system. SQLite keeps
 * a deleted row's pages in the file for later writes; after a first index of a
 * large library the change log alone, once every store has applied it, leaves
 * about a tenth of the catalog free for good. A catalog made with incremental
 * auto-vacuum (database.ts) moves its last pages into those holes and shortens
 * the file; one made before keeps them (switching needs a full VACUUM).
 */
import Database from 'better-sqlite3';
import type { Db } from './database';

const INCREMENTAL = 2;

/** Fewer free pages than this stay for the next writes: moving them costs more than they hold. */
const MIN_FREE_PAGES = 64;

/**
 * Shortens the file by its free pages, where the catalog can and enough are free; outside a
 * transaction. A catalog another process keeps busy keeps them until the next time: the deletion
 * that freed them is done, and nothing is lost by waiting.
 */
export function releaseFreePages(db: Db): void {
  if (db.inTransaction) return;
  if (db.pragma('auto_vacuum', { simple: true }) !== INCREMENTAL) return;
  if ((db.pragma('freelist_count', { simple: true }) as number) < MIN_FREE_PAGES) return;
  try {
    db.pragma('incremental_vacuum');
  } catch (err) {
    if (!(err instanceof Database.SqliteError && err.code.startsWith('SQLITE_BUSY'))) throw err;
  }
}
