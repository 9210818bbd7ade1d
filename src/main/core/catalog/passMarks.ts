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

/** The mark saying from where on the log records the keys files lost (migration 30). */
const KEYED = 'file-changes-keyed';

/** What changed since a pass last finished, asked for only by the passes that need it. */
export interface Since {
  /** The files whose content is new to them: a pass kept per content needs look at no others. */
  contentWritten(): number[] | null;
  /** The content keys some file stopped holding: where the contents no file holds any more are. */
  lost(): string[] | null;
}

/**
 * What the log gave for a range, while its head stays: the passes after one index ask for the same
 * range in turn (they last finished together), each answer a read of every change since.
 */
const answers = new WeakMap<Db, { head: number; byRange: Map<string, unknown> }>();

class PassMarks {
  constructor(private readonly db: Db) {}

  /** `read()`, or what it gave the last time it was asked for `range` with the log at `head`. */
  private remembered<T>(range: string, head: number, read: () => T): T {
    let held = answers.get(this.db);
    if (held?.head !== head) {
      held = { head, byRange: new Map() };
      answers.set(this.db, held);
    }
    if (!held.byRange.has(range)) held.byRange.set(range, read());
    return held.byRange.get(range) as T;
  }

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
    return this.remembered(`written@${seq}`, head, () =>
      this.reachesBack(seq)
        ? (this.db
            .prepare(`SELECT DISTINCT file_id FROM file_changes WHERE seq > ? AND op = 'upsert'`)
            .pluck()
            .all(seq) as number[])
        : null,
    );
  }

  /**
   * The files whose content is new to them since `seq` (added, changed, or moved into another
   * library folder), or null as `writtenSince` gives it.
   */
  contentWrittenSince(seq: number, head: number): number[] | null {
    if (seq > head) return null;
    if (seq === head) return [];
    return this.remembered(`content@${seq}`, head, () =>
      this.reachesBack(seq)
        ? (this.db
            .prepare(
              `SELECT DISTINCT file_id FROM file_changes WHERE seq > ? AND op = 'upsert' AND coalesce(same_content, 0) = 0`,
            )
            .pluck()
            .all(seq) as number[])
        : null,
    );
  }

  /**
   * The content keys some file stopped holding since `seq` (the only ones that can have lost their
   * last file), or null where the log does not say (it was pruned, or predates keeping them).
   */
  lostSince(seq: number, head: number): string[] | null {
    if (seq > head) return null;
    if (seq === head) return [];
    const keyedFrom = this.lastDone(KEYED);
    if (keyedFrom === undefined || seq < keyedFrom) return null;
    return this.remembered(`lost@${seq}`, head, () =>
      this.reachesBack(seq)
        ? (this.db
            .prepare(`SELECT DISTINCT lost_key FROM file_changes WHERE seq > ? AND lost_key IS NOT NULL`)
            .pluck()
            .all(seq) as string[])
        : null,
    );
  }

  private reachesBack(seq: number): boolean {
    const oldest = (this.db.prepare(`SELECT min(seq) AS s FROM file_changes`).get() as { s: number | null }).s;
    return oldest !== null && oldest <= seq + 1;
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
 * Runs `pass` unless it finished since the files last changed (it resolves true when it finished,
 * which marks it done as of the log's head when it started), telling it
 * the files added or changed since it last finished, so that it looks at those alone; null asks
 * for the whole library (it never finished, or the log no longer reaches back that far). A pass
 * whose key changes with its own work (a count of what it made) names, in `markAs`, the key the
 * next run will look for.
 */
export async function sinceDone(
  db: Db,
  key: string,
  pass: (written: number[] | null, since: Since) => Promise<boolean> | boolean,
  markAs: () => string = () => key,
): Promise<void> {
  const marks = new PassMarks(db);
  const head = marks.head();
  const last = marks.lastDone(key);
  if (last === head) return;
  const written = last === undefined ? null : marks.writtenSince(last, head);
  const since: Since = {
    contentWritten: () => (written === null ? null : marks.contentWrittenSince(last!, head)),
    lost: () => (written === null ? null : marks.lostSince(last!, head)),
  };
  if (await pass(written, since)) marks.markDone(markAs(), head);
}
