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
