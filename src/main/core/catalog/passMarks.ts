/**
 * Which library-wide passes (palettes, text reading, metadata reading, vectors
 * no file uses) have finished since the catalog's files last changed. Each
 * pass asks the catalog what is missing, which at a million images is a scan
 * of a million rows; after an index that changed nothing, nothing can be
 * missing that was not missing before, so a pass marked done at the change
 * log's head is skipped. A pass whose result depends on more than the files
 * (the OCR model, the palette's version, the folders it covers) names it in its key.
 */
import type { Db } from './database';

class PassMarks {
  constructor(private readonly db: Db) {}

  /** Where the file change log stands: it moves with every file written, changed or deleted. */
  head(): number {
    const row = this.db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'file_changes'`).get() as
      { seq: number } | undefined;
    return row?.seq ?? 0;
  }

  /** Whether `pass` finished with the log at `head`. */
  isDone(pass: string, head: number): boolean {
    return this.db.prepare(`SELECT 1 FROM pass_marks WHERE pass = ? AND seq = ?`).get(pass, head) !== undefined;
  }

  /** Where the log stood when `pass` last finished, whatever changed since. */
  lastDone(pass: string): number | undefined {
    const row = this.db.prepare(`SELECT seq FROM pass_marks WHERE pass = ?`).get(pass) as { seq: number } | undefined;
    return row?.seq;
  }

  /**
   * The files added or changed since the log stood at `seq`, or null where the log no longer holds
   * every change since (pruned once every store had applied it).
   */
  writtenSince(seq: number, head: number): number[] | null {
    if (seq > head) return null;
    if (seq === head) return [];
    const oldest = (this.db.prepare(`SELECT min(seq) AS s FROM file_changes`).get() as { s: number | null }).s;
    if (oldest === null || oldest > seq + 1) return null;
    return this.db
      .prepare(`SELECT DISTINCT file_id FROM file_changes WHERE seq > ? AND op = 'upsert'`)
      .pluck()
      .all(seq) as number[];
  }

  markDone(pass: string, head: number): void {
    this.db.prepare(`INSERT OR REPLACE INTO pass_marks (pass, seq) VALUES (?, ?)`).run(pass, head);
  }
}

/** Whether `key` was marked done since the files last changed. */
export function doneSinceChange(db: Db, key: string): boolean {
  const marks = new PassMarks(db);
  return marks.isDone(key, marks.head());
}

/**
 * Runs `pass` unless it finished since the files last changed; it resolves true when it finished
 * (was not cut off), which marks it done as of the log's head when it started.
 */
export async function unlessDone(db: Db, key: string, pass: () => Promise<boolean> | boolean): Promise<void> {
  const marks = new PassMarks(db);
  const head = marks.head();
  if (marks.isDone(key, head)) return;
  if (await pass()) marks.markDone(key, head);
}

/**
 * Runs `pass` unless it finished since the files last changed, as `unlessDone` does, telling it
 * the files added or changed since it last finished, so that it looks at those alone; null asks
 * for the whole library (it never finished, or the log no longer reaches back that far). A pass
 * whose key changes with its own work (a count of what it made) names, in `markAs`, the key the
 * next run will look for.
 */
export async function sinceDone(
  db: Db,
  key: string,
  pass: (written: number[] | null) => Promise<boolean> | boolean,
  markAs: () => string = () => key,
): Promise<void> {
  const marks = new PassMarks(db);
  const head = marks.head();
  const last = marks.lastDone(key);
  if (last === head) return;
  const written = last === undefined ? null : marks.writtenSince(last, head);
  if (await pass(written)) marks.markDone(markAs(), head);
}
