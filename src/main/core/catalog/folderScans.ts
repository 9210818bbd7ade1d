/**
 * What a re-index remembers of each folder it left in step with the catalog:
 * the folder's own modification time as the scan found it (folder_scans),
 * beside the count and the sums of its files' sizes and times that the
 * catalog keeps by trigger (folder_counts, migration 26). A file added,
 * removed or renamed changes its folder's time; a file written changes its
 * own time, and so the sums. So a folder whose time is the one remembered and
 * whose files, as stat'ed, add up to the catalog's sums is unchanged, and its
 * rows need not be read: most of what a re-index of an unchanged library costs.
 */
import { sep } from 'node:path';
import type { Db } from './database';
import { pathsBelow } from './folderRows';

/**
 * Times are summed modulo 2^48 on both sides: a JavaScript number holds such a sum exactly, where a
 * folder of 200,000 files' times summed whole would not.
 */
const MODULUS = 2 ** 48;

/** A folder's files, counted and summed. */
export interface FolderSums {
  count: number;
  sizeSum: number;
  /** Modulo 2^48 (`addTime`). */
  mtimeSum: number;
}

/** Adds a file's time (whole milliseconds) to a sum of times. */
export const addTime = (sum: number, mtimeMs: number): number =>
  (sum + (((mtimeMs % MODULUS) + MODULUS) % MODULUS)) % MODULUS;

/**
 * A folder's modification time as a scan must not remember it: one within this margin of the scan's
 * start may change again within the same tick of a coarse clock (FAT's two seconds, a share's), as
 * a rename just after the folder was read would, and the change would go unseen.
 */
const RACY_MS = 5_000;

export interface FolderFact extends FolderSums {
  /** The folder's modification time when a complete re-index last found it. */
  scannedMtimeMs: number;
}

/** The remembered folders at or below `root`, with the catalog's sums of their files. */
export function folderFacts(db: Db, root: string): Map<string, FolderFact> {
  const { from, to } = pathsBelow(root.endsWith(sep) ? root : root + sep);
  const rows = db
    .prepare(
      `SELECT c.dir, c.count, c.size_sum, ((c.mtime_sum % @m) + @m) % @m, s.mtime_ms
         FROM folder_counts c JOIN folder_scans s ON s.dir = c.dir
        WHERE c.dir = @root OR (c.dir >= @from AND c.dir < @to)`,
    )
    .raw(true)
    .all({ root, from, to, m: MODULUS }) as Array<[string, number, number, number, number]>;
  return new Map(
    rows.map(([dir, count, sizeSum, mtimeSum, scannedMtimeMs]) => [dir, { count, sizeSum, mtimeSum, scannedMtimeMs }]),
  );
}

/**
 * Remembers the folders a complete re-index of `root` found, with their times as it found them
 * (read before each folder was listed), in place of what was remembered under it.
 */
export function recordFolderScans(db: Db, root: string, found: Map<string, number>, startedAt: number): void {
  const { from, to } = pathsBelow(root.endsWith(sep) ? root : root + sep);
  const insert = db.prepare(`INSERT OR REPLACE INTO folder_scans (dir, mtime_ms) VALUES (?, ?)`);
  db.transaction(() => {
    db.prepare(`DELETE FROM folder_scans WHERE dir = @root OR (dir >= @from AND dir < @to)`).run({ root, from, to });
    for (const [dir, mtimeMs] of found) {
      if (Number.isFinite(mtimeMs) && mtimeMs < startedAt - RACY_MS) insert.run(dir, mtimeMs);
    }
  })();
}
