/**
 * Reads the catalog's change log for vector stores: what changed since a
 * store's cursor, the entries to send, and the cursor itself.
 */
import path from 'node:path';
import type { Catalog } from './catalog';
import { splitFramePath } from './framePaths';
import { releaseFreePages } from './freePages';
import type { VectorEntry } from './vectorEntry';

export interface FileChange {
  seq: number;
  fileId: number;
  path: string;
  op: 'upsert' | 'delete';
}

/** A VectorEntry as SQLite reads it: the vector still a blob, the tags a JSON array, the file name not yet taken from the path. */
type EntryRow = Omit<VectorEntry, 'filename' | 'vector' | 'tags'> & { vector: Buffer; tags: string };

const entryColumns = `f.path, r.path AS folder, f.content_key AS contentKey, f.size, f.mtime_ms AS mtimeMs,
  f.width, f.height, f.format, e.vector,
  coalesce((SELECT it.content FROM image_texts it WHERE it.content_key = f.content_key), '') AS text,
  coalesce((SELECT json_group_array(name) FROM (SELECT DISTINCT t.name FROM file_tags ft JOIN tags t ON t.id = ft.tag_id
    WHERE ft.file_id = f.id ORDER BY t.folded)), '[]') AS tags`;

const entrySelect = `SELECT ${entryColumns}
  FROM files f JOIN roots r ON r.id = f.root_id
  JOIN embeddings e ON e.content_key = f.content_key AND e.model_id = ?`;

/** The same for every video frame, named by its frame path (framePaths.ts), with its video's size, dates and format. */
const frameColumns = `printf('%s#t=%.3f', f.path, vf.time_ms / 1000.0) AS path, r.path AS folder,
  vf.frame_key AS contentKey, f.size, f.mtime_ms AS mtimeMs, f.width, f.height, f.format, e.vector,
  coalesce((SELECT it.content FROM image_texts it WHERE it.content_key = vf.frame_key), '') AS text,
  coalesce((SELECT json_group_array(name) FROM (SELECT DISTINCT t.name FROM file_tags ft JOIN tags t ON t.id = ft.tag_id
    WHERE ft.file_id = f.id ORDER BY t.folded)), '[]') AS tags`;

const frameSelect = `SELECT ${frameColumns}
  FROM files f JOIN roots r ON r.id = f.root_id
  JOIN video_frames vf ON vf.video_key = f.content_key
  JOIN embeddings e ON e.content_key = vf.frame_key AND e.model_id = ?`;

/**
 * Pages of every entry, each after the last one's place. `CROSS JOIN` fixes the order SQLite joins
 * in: it walks the files by path and stops at the page's end. Left to choose, it read every vector
 * of the model and sorted them for each page, which made a full sync of a million images quadratic.
 */
const entryPage = `SELECT ${entryColumns}
  FROM files f CROSS JOIN embeddings e CROSS JOIN roots r
  WHERE e.content_key = f.content_key AND e.model_id = @model AND r.id = f.root_id AND f.path > @after
  ORDER BY f.path LIMIT @limit`;

/** The same for video frames, after a video's path and a frame's time (two columns over two tables). */
const framePage = `SELECT ${frameColumns}, f.path AS videoPath, vf.time_ms AS timeMs
  FROM files f CROSS JOIN video_frames vf CROSS JOIN embeddings e CROSS JOIN roots r
  WHERE vf.video_key = f.content_key AND e.content_key = vf.frame_key AND e.model_id = @model AND r.id = f.root_id
    AND f.path >= @after AND (f.path > @after OR vf.time_ms > @time)
  ORDER BY f.path, vf.time_ms LIMIT @limit`;

function toEntry(r: EntryRow): VectorEntry {
  const vector = new Float32Array(r.vector.byteLength / 4);
  new Uint8Array(vector.buffer).set(r.vector);
  const { vector: _blob, tags, ...rest } = r;
  return { ...rest, filename: path.basename(r.path), vector, tags: JSON.parse(tags) as string[] };
}

/** How much of the log is kept (see `ChangeLog.prune`). */
export interface Retention {
  /** Rows are deleted once at least this many can go, not after every small sync (default 1,000). */
  batch: number;
  /**
   * A store more than this many changes behind the head is no longer waited for and gets a full sync
   * next time, so a store configured once and left unused does not keep the log growing (default 100,000).
   */
  keep: number;
}

export const DEFAULT_RETENTION: Retention = { batch: 1000, keep: 100_000 };

export class ChangeLog {
  constructor(readonly catalog: Catalog) {}

  private get db() {
    return this.catalog.db;
  }

  /** The newest change's sequence number (0 when there is none), pruned or not. */
  head(): number {
    // AUTOINCREMENT keeps the highest number ever given in sqlite_sequence, so pruning does not lower it.
    return (
      this.db
        .prepare(
          `SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'file_changes'), 0),
             coalesce((SELECT max(seq) FROM file_changes), 0)) AS s`,
        )
        .get() as { s: number }
    ).s;
  }

  /**
   * True when changes after `seq` were pruned before a store applied them: replaying the log from
   * there would skip them silently, so that store needs a full sync. Sequence numbers have no holes
   * (AUTOINCREMENT, and a rolled-back insert gives its number back), so a hole is a pruned range.
   */
  missingAfter(seq: number): boolean {
    const next = this.db.prepare(`SELECT min(seq) AS s FROM file_changes WHERE seq > ?`).get(seq) as {
      s: number | null;
    };
    return next.s === null ? seq < this.head() : next.s > seq + 1;
  }

  /** Where a store stands for a model; undefined when it has never synced (it needs a full sync). */
  cursor(store: string, modelId: string): number | undefined {
    const row = this.db
      .prepare(`SELECT seq FROM store_cursors WHERE store = ? AND model_id = ?`)
      .get(store, modelId) as { seq: number } | undefined;
    return row?.seq;
  }

  setCursor(store: string, modelId: string, seq: number): void {
    this.db
      .prepare(
        `INSERT INTO store_cursors (store, model_id, seq) VALUES (?, ?, ?)
         ON CONFLICT(store, model_id) DO UPDATE SET seq = excluded.seq`,
      )
      .run(store, modelId, seq);
  }

  /** Forgets a store's place, so its next sync is a full one. */
  clearCursor(store: string, modelId: string): void {
    this.db.prepare(`DELETE FROM store_cursors WHERE store = ? AND model_id = ?`).run(store, modelId);
  }

  /** How many changes there are after `seq`. */
  countSince(seq: number): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM file_changes WHERE seq > ?`).get(seq) as { n: number }).n;
  }

  /** Changes after `seq`, oldest first, at most `limit`. */
  since(seq: number, limit: number): FileChange[] {
    return this.db
      .prepare(`SELECT seq, file_id AS fileId, path, op FROM file_changes WHERE seq > ? ORDER BY seq LIMIT ?`)
      .all(seq, limit) as FileChange[];
  }

  /** The current entries for these paths that have a vector for the model (others are absent). */
  entries(modelId: string, paths: string[]): VectorEntry[] {
    const stmt = this.db.prepare(`${entrySelect} WHERE f.path = ?`);
    const frame = this.db.prepare(`${frameSelect} WHERE f.path = ? AND vf.time_ms = ?`);
    const out: VectorEntry[] = [];
    for (const p of paths) {
      const split = splitFramePath(p);
      const row = (stmt.get(modelId, p) ?? (split && frame.get(modelId, split.video, split.timeMs))) as
        EntryRow | undefined;
      if (row) out.push(toEntry(row));
    }
    return out;
  }

  /** Every entry of a model, a page at a time (a full sync): the files' in path order, then the video frames'. */
  *allEntries(modelId: string, pageSize = 2000): IterableIterator<VectorEntry[]> {
    const files = this.db.prepare(entryPage);
    for (let after = ''; ;) {
      const rows = files.all({ model: modelId, after, limit: pageSize }) as EntryRow[];
      if (rows.length === 0) break;
      yield rows.map(toEntry);
      after = rows[rows.length - 1]!.path;
    }
    const frames = this.db.prepare(framePage);
    for (let after = '', time = -1; ;) {
      const rows = frames.all({ model: modelId, after, time, limit: pageSize }) as Array<
        EntryRow & { videoPath: string; timeMs: number }
      >;
      if (rows.length === 0) return;
      yield rows.map(({ videoPath: _path, timeMs: _time, ...row }) => toEntry(row));
      ({ videoPath: after, timeMs: time } = rows[rows.length - 1]!);
    }
  }

  /** How many entries a model has: files whose content has a vector for it (what a synced store holds). */
  entryCount(modelId: string): number {
    return (
      this.db
        .prepare(
          `SELECT (SELECT count(*) FROM files f JOIN embeddings e ON e.content_key = f.content_key AND e.model_id = ?)
             + (SELECT count(*) FROM files f JOIN video_frames vf ON vf.video_key = f.content_key
                JOIN embeddings e ON e.content_key = vf.frame_key AND e.model_id = ?) AS n`,
        )
        .get(modelId, modelId) as { n: number }
    ).n;
  }

  /** Path → content key of every entry of a model, without the vectors (to compare a store with). */
  entryKeys(modelId: string): Map<string, string> {
    const rows = this.db
      .prepare(
        `SELECT f.path, f.content_key AS contentKey FROM files f
         JOIN embeddings e ON e.content_key = f.content_key AND e.model_id = ?
         UNION ALL
         SELECT printf('%s#t=%.3f', f.path, vf.time_ms / 1000.0), vf.frame_key FROM files f
         JOIN video_frames vf ON vf.video_key = f.content_key
         JOIN embeddings e ON e.content_key = vf.frame_key AND e.model_id = ?`,
      )
      .all(modelId, modelId) as Array<{ path: string; contentKey: string }>;
    return new Map(rows.map((r) => [r.path, r.contentKey]));
  }

  /** The models that have vectors in the catalog, with their dimension. */
  models(): Array<{ id: string; dim: number }> {
    return this.db.prepare(`SELECT model_id AS id, dim FROM model_vectors ORDER BY model_id`).all() as Array<{
      id: string;
      dim: number;
    }>;
  }

  /**
   * Deletes the changes every store has applied: rows up to the smallest cursor. A store more than
   * `keep` changes behind is no longer waited for: its next sync finds changes missing after its
   * cursor (`missingAfter`) and sends everything instead, deleting what the catalog no longer has.
   * Deletes nothing until `batch` rows can go. Returns how many rows were deleted.
   */
  prune(retention: Retention = DEFAULT_RETENTION): number {
    // Worked out twice: cheaply first (most syncs find too little to delete), then again under the
    // write lock, where no other process can move a cursor in between.
    if (this.prunable(retention).count < retention.batch) return 0;
    const prune = this.db.transaction(() => {
      const { count, upTo } = this.prunable(retention);
      if (count < retention.batch) return 0;
      return this.db.prepare(`DELETE FROM file_changes WHERE seq <= ?`).run(upTo).changes;
    });
    const deleted = prune.immediate();
    if (deleted > 0) releaseFreePages(this.db);
    return deleted;
  }

  private prunable(retention: Retention): { count: number; upTo: number } {
    const oldest = (this.db.prepare(`SELECT min(seq) AS s FROM file_changes`).get() as { s: number | null }).s;
    const head = this.head();
    const floor = head - retention.keep;
    if (oldest === null) return { count: 0, upTo: head };
    const kept = this.db.prepare(`SELECT min(seq) AS s FROM store_cursors WHERE seq >= ?`).get(floor) as {
      s: number | null;
    };
    // No store waited for: each one's next sync is a full one anyway.
    const upTo = kept.s ?? head;
    return { count: upTo - oldest + 1, upTo };
  }
}
