/**
 * The catalog: every read and write of the library's SQLite file goes through
 * here, as small named operations over prepared statements.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { basename, dirname, sep } from 'node:path';
import type { Statement } from 'better-sqlite3';
import type { Db } from './database';
import { openDatabase } from './database';
import {
  type FolderRows,
  folderRows,
  type FolderRowsScope,
  folderRowsSql,
  type KnownTuple,
  pathsBelow,
  readFolderRows,
} from './folderRows';
import { releaseFreePages } from './freePages';
import { processExists, STALE_MS } from './indexLeases';
import { preparedOnce } from './preparedOnce';
import { VideoRecords } from './videoRecords';

export interface FileRow {
  id: number;
  rootId: number;
  path: string;
  contentKey: string;
  size: number;
  mtimeMs: number;
  width: number;
  height: number;
  format: string;
}

export type NewFile = Omit<FileRow, 'id'>;

/** What the indexer compares a scanned file with: its catalog row's identity, and whether it has a vector. */
export interface KnownFile extends Pick<FileRow, 'path' | 'contentKey' | 'size' | 'mtimeMs'> {
  embedded: boolean;
}

export type { KnownTuple } from './folderRows';

export interface SkippedRow {
  path: string;
  rootId: number;
  reason: string;
  size: number;
  mtimeMs: number;
  /** Null for entries written before ctimes were kept. */
  ctimeMs: number | null;
}

export interface RootRow {
  id: number;
  path: string;
  watch: boolean;
}

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';

export interface JobRow {
  id: string;
  kind: string;
  state: JobState;
  payload: unknown;
  progress: unknown;
  error: string | null;
}

const fileColumns = `id, root_id AS rootId, path, content_key AS contentKey, size, mtime_ms AS mtimeMs, width, height, format`;

/** The name and folder kept beside a path, which browsing sorts by and counts by. */
function nameAndDir(file: string): { name: string; dir: string } {
  return { name: basename(file), dir: dirname(file) };
}

function toBlob(v: Float32Array): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

function fromBlob(b: Buffer): Float32Array {
  // Copy: the Buffer may share a pool and is not guaranteed 4-byte aligned.
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}

export class Catalog {
  /** Prepared once: the indexer calls some of these once per file. */
  private readonly sql: (text: string) => Statement;

  private constructor(readonly db: Db) {
    this.sql = preparedOnce(db);
  }

  static open(file: string): Catalog {
    const catalog = new Catalog(openDatabase(file));
    catalog.markInterrupted();
    return catalog;
  }

  /**
   * A job still "running" whose process is gone was cut off by a crash or a kill. Another live
   * process's job (the app's, while a command runs) is left alone. A job of another host is known
   * only by its heartbeat; one from before jobs recorded their process is taken as cut off.
   */
  private markInterrupted(): void {
    const now = Date.now();
    const running = this.sql(
      `SELECT id, pid, host, updated_at AS at FROM jobs WHERE state = 'running'`,
    ).all() as Array<{ id: string; pid: number | null; host: string | null; at: number }>;
    const mark = this.sql(`UPDATE jobs SET state = 'interrupted', updated_at = ? WHERE id = ? AND state = 'running'`);
    for (const job of running) {
      const gone = job.pid === null || (job.host === os.hostname() ? !processExists(job.pid) : now - job.at > STALE_MS);
      if (gone) mark.run(now, job.id);
    }
  }

  close(): void {
    this.db.close();
  }

  /** Runs `fn` in one transaction: all of it is committed, or none. */
  transaction<T>(fn: () => T): T {
    // IMMEDIATE: the write lock is taken before the first read. A deferred transaction that read
    // and then finds another process's commit in between fails at once ("database is locked"),
    // busy timeout or not; this one waits its turn instead.
    return this.db.transaction(fn).immediate();
  }

  // Roots

  addRoot(path: string): RootRow {
    this.sql(`INSERT INTO roots (path, added_at) VALUES (?, ?) ON CONFLICT(path) DO NOTHING`).run(path, Date.now());
    return this.root(path)!;
  }

  root(path: string): RootRow | undefined {
    const row = this.sql(`SELECT id, path, watch FROM roots WHERE path = ?`).get(path) as
      { id: number; path: string; watch: number } | undefined;
    return row && { id: row.id, path: row.path, watch: row.watch === 1 };
  }

  roots(): RootRow[] {
    const rows = this.sql(`SELECT id, path, watch FROM roots ORDER BY path`).all() as Array<{
      id: number;
      path: string;
      watch: number;
    }>;
    return rows.map((r) => ({ id: r.id, path: r.path, watch: r.watch === 1 }));
  }

  /** Whether the folder is watched for changes; kept so watching resumes when the app starts. */
  setRootWatch(id: number, watch: boolean): void {
    this.sql(`UPDATE roots SET watch = ? WHERE id = ?`).run(watch ? 1 : 0, id);
  }

  /** Forgets a root with its files and skipped entries; returns how many files were forgotten. */
  removeRoot(path: string): number {
    const forgotten = this.transaction(() => {
      const root = this.root(path);
      if (!root) return 0;
      const { n } = this.sql(`SELECT count(*) AS n FROM files WHERE root_id = ?`).get(root.id) as { n: number };
      this.sql(`DELETE FROM roots WHERE id = ?`).run(root.id);
      this.deleteOrphanEmbeddings();
      return n;
    });
    releaseFreePages(this.db);
    return forgotten;
  }

  // Files

  filesUnder(rootId: number): FileRow[] {
    return this.sql(`SELECT ${fileColumns} FROM files WHERE root_id = ?`).all(rootId) as FileRow[];
  }

  /**
   * Every file of a root, each with whether its content has a vector of the model: what the
   * indexer compares a scan with, in one query rather than one per file.
   */
  filesWithEmbeddingUnder(rootId: number, modelId: string): KnownFile[] {
    return this.withEmbedding(`root_id = @rootId`, { rootId, modelId });
  }

  /** The same, for the files directly in one directory (read from its range of paths). */
  filesWithEmbeddingIn(dir: string, modelId: string): KnownFile[] {
    const { from, to } = pathsBelow(dir + sep);
    return this.withEmbedding(`path >= @from AND path < @to AND dir = @dir`, { from, to, dir, modelId });
  }

  /**
   * One root's files directly in one directory, as `[path, contentKey, size, mtimeMs, embedded]`:
   * what a scan compares each folder it reads with, a million times over, so rows stay arrays
   * (folderRows.ts). `allEmbedded` says every file of the root is known to have a vector of the
   * model, which spares a lookup per file.
   */
  rootFilesIn(rootId: number, dir: string, modelId: string, allEmbedded = false): KnownTuple[] {
    return readFolderRows(this.sql(folderRowsSql(allEmbedded)), dir, { rootId, modelId, allEmbedded });
  }

  /** Reads folders' stamps and single rows, as a re-index compares them with a scan (folderRows.ts). */
  folderRows(scope: FolderRowsScope): FolderRows {
    return folderRows(this.sql, scope);
  }

  /** How many files the catalog holds at or below `dir`, from the per-folder counts. */
  fileCountAtOrBelow(dir: string): number {
    const { from, to } = pathsBelow(dir.endsWith(sep) ? dir : dir + sep);
    return this.sql(
      `SELECT coalesce(sum(count), 0) FROM folder_counts WHERE dir = @dir OR (dir >= @from AND dir < @to)`,
    )
      .pluck()
      .get({ dir, from, to }) as number;
  }

  /** Every directory at or below `dir` that holds catalogued files directly. */
  foldersAtOrBelow(dir: string): string[] {
    const { from, to } = pathsBelow(dir.endsWith(sep) ? dir : dir + sep);
    return this.sql(`SELECT dir FROM folder_counts WHERE dir = @dir OR (dir >= @from AND dir < @to)`)
      .pluck()
      .all({ dir, from, to }) as string[];
  }

  /** The same, for the files anywhere under a directory (`prefix` ends with the separator). */
  filesWithEmbeddingBelow(prefix: string, modelId: string): KnownFile[] {
    return this.withEmbedding(`path >= @from AND path < @to`, { ...pathsBelow(prefix), modelId });
  }

  private withEmbedding(where: string, params: Record<string, unknown>): KnownFile[] {
    const rows = this.sql(
      `SELECT path, content_key AS contentKey, size, mtime_ms AS mtimeMs, EXISTS (SELECT 1 FROM embeddings e WHERE e.content_key = files.content_key
         AND e.model_id = @modelId) AS embedded FROM files WHERE ${where}`,
    ).all(params) as Array<Omit<KnownFile, 'embedded'> & { embedded: number | boolean }>;
    for (const row of rows) row.embedded = row.embedded === 1;
    return rows as KnownFile[];
  }

  fileByPath(path: string): FileRow | undefined {
    return this.sql(`SELECT ${fileColumns} FROM files WHERE path = ?`).get(path) as FileRow | undefined;
  }

  /** Adds a file, or replaces the row at the same path (a changed file, which keeps when it was added). */
  putFile(file: NewFile): void {
    this.sql(
      `INSERT INTO files (root_id, path, content_key, size, mtime_ms, width, height, format, indexed_at, added_at, name, dir)
         VALUES (@rootId, @path, @contentKey, @size, @mtimeMs, @width, @height, @format, @now, @now, @name, @dir)
         ON CONFLICT(path) DO UPDATE SET root_id = excluded.root_id, content_key = excluded.content_key,
           size = excluded.size, mtime_ms = excluded.mtime_ms, width = excluded.width,
           height = excluded.height, format = excluded.format, indexed_at = excluded.indexed_at`,
    ).run({ ...file, ...nameAndDir(file.path), now: Date.now() });
    this.sql(`DELETE FROM skipped WHERE path = ?`).run(file.path);
  }

  /** A renamed or moved file: same row (same vector, same history), new path. */
  moveFile(fromPath: string, to: Pick<FileRow, 'path' | 'rootId' | 'size' | 'mtimeMs'>): void {
    this.sql(`DELETE FROM files WHERE path = ?`).run(to.path);
    this.sql(
      `UPDATE files SET path = ?, root_id = ?, size = ?, mtime_ms = ?, indexed_at = ?, name = ?, dir = ? WHERE path = ?`,
    ).run(to.path, to.rootId, to.size, to.mtimeMs, Date.now(), basename(to.path), dirname(to.path), fromPath);
    this.sql(`DELETE FROM skipped WHERE path = ?`).run(to.path);
  }

  /** Updates only the modification time of a file whose bytes did not change (a `touch`). */
  touchFile(path: string, mtimeMs: number): void {
    this.sql(`UPDATE files SET mtime_ms = ? WHERE path = ?`).run(mtimeMs, path);
  }

  /** Any file holding this content, to copy its size and format to another copy of it. */
  fileByContentKey(contentKey: string): FileRow | undefined {
    return this.sql(`SELECT ${fileColumns} FROM files WHERE content_key = ? LIMIT 1`).get(contentKey) as
      FileRow | undefined;
  }

  /** A file holding this content, when the content has a vector of the model: a copy takes its row. */
  embeddedFileByContentKey(contentKey: string, modelId: string): FileRow | undefined {
    return this.sql(
      `SELECT ${fileColumns} FROM files WHERE content_key = @contentKey
         AND EXISTS (SELECT 1 FROM embeddings WHERE content_key = @contentKey AND model_id = @modelId) LIMIT 1`,
    ).get({ contentKey, modelId }) as FileRow | undefined;
  }

  deleteFile(path: string): void {
    this.sql(`DELETE FROM files WHERE path = ?`).run(path);
  }

  /** Forgets the file at `path`, or every file below it when it was a folder. */
  deleteFilesAt(path: string): void {
    const { from, to } = pathsBelow(path + sep);
    this.sql(`DELETE FROM files WHERE path = ? OR (path >= ? AND path < ?)`).run(path, from, to);
  }

  fileCount(): number {
    return (this.sql(`SELECT count(*) AS n FROM files`).get() as { n: number }).n;
  }

  // Embeddings

  hasEmbedding(contentKey: string, modelId: string): boolean {
    return (
      this.sql(`SELECT 1 FROM embeddings WHERE content_key = ? AND model_id = ?`).get(contentKey, modelId) !== undefined
    );
  }

  putEmbedding(contentKey: string, modelId: string, vector: Float32Array): void {
    this.sql(
      // An upsert, not a REPLACE: model_vectors' count follows inserts and deletes (migration 29).
      `INSERT INTO embeddings (content_key, model_id, dim, vector, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(content_key, model_id) DO UPDATE SET dim = excluded.dim, vector = excluded.vector,
           created_at = excluded.created_at`,
    ).run(contentKey, modelId, vector.length, toBlob(vector), Date.now());
  }

  /**
   * Whether a vector of this model was made from a file of exactly `size` bytes. A content key
   * starts with its size (contentKey.ts), so this is a range of the primary key: a file of a
   * size no stored key has cannot be a copy of anything embedded, whatever its bytes.
   */
  hasEmbeddingOfSize(size: number, modelId: string): boolean {
    return (
      this.sql(`SELECT 1 FROM embeddings WHERE content_key >= ? AND content_key < ? AND model_id = ? LIMIT 1`).get(
        `${size}-`,
        `${size}.`,
        modelId,
      ) !== undefined
    );
  }

  embedding(contentKey: string, modelId: string): Float32Array | undefined {
    const row = this.sql(`SELECT vector FROM embeddings WHERE content_key = ? AND model_id = ?`).get(
      contentKey,
      modelId,
    ) as { vector: Buffer } | undefined;
    return row && fromBlob(row.vector);
  }

  /**
   * Vectors no file refers to any more (their last file was deleted or changed), a video's frames'
   * with it. Given the keys files stopped holding (passMarks.ts), only those are looked at: the
   * whole table is read only where they are not known.
   */
  deleteOrphanEmbeddings(lost?: readonly string[]): number {
    if (lost) {
      const gone = this.keysNoFileHolds(lost);
      const frames = new VideoRecords(this.db).deleteGone(gone);
      return this.sql(
        `DELETE FROM embeddings WHERE content_key IN (SELECT value FROM json_each(?))
           AND NOT EXISTS (SELECT 1 FROM files f WHERE f.content_key = embeddings.content_key)
           AND NOT EXISTS (SELECT 1 FROM video_frames vf WHERE vf.frame_key = embeddings.content_key)`,
      ).run(JSON.stringify([...gone, ...frames])).changes;
    }
    new VideoRecords(this.db).deleteOrphans();
    // The orphans' rows are found in the embeddings' key index, which covers the subquery: a scan
    // of the table itself reads every vector (2 KB each, gigabytes in a large library) for its key.
    const deleted = this.sql(
      `DELETE FROM embeddings WHERE rowid IN (
         SELECT e.rowid FROM embeddings e
         WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.content_key = e.content_key)
           AND NOT EXISTS (SELECT 1 FROM video_frames vf WHERE vf.frame_key = e.content_key))`,
    ).run().changes;
    if (deleted > 0) releaseFreePages(this.db);
    return deleted;
  }

  /** Those of `keys` that no file holds. */
  keysNoFileHolds(keys: readonly string[]): string[] {
    if (keys.length === 0) return [];
    return this.sql(
      `SELECT DISTINCT k.value FROM json_each(?) k WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.content_key = k.value)`,
    )
      .pluck()
      .all(JSON.stringify(keys)) as string[];
  }

  /** Per root: files, files with a vector for the model, skipped files. */
  rootCounts(modelId: string | null): Map<number, { files: number; embedded: number; skipped: number }> {
    const rows = this.sql(
      `SELECT r.id,
           (SELECT count(*) FROM files f WHERE f.root_id = r.id) AS files,
           (SELECT count(*) FROM files f JOIN embeddings e ON e.content_key = f.content_key AND e.model_id = ?
             WHERE f.root_id = r.id) AS embedded,
           (SELECT count(*) FROM skipped s WHERE s.root_id = r.id) AS skipped
         FROM roots r`,
    ).all(modelId ?? '') as Array<{ id: number; files: number; embedded: number; skipped: number }>;
    return new Map(rows.map(({ id, ...counts }) => [id, counts]));
  }

  embeddingCounts(): Record<string, number> {
    const rows = this.sql(
      `SELECT e.model_id AS model, count(*) AS n FROM files f JOIN embeddings e ON e.content_key = f.content_key
         GROUP BY e.model_id`,
    ).all() as Array<{ model: string; n: number }>;
    return Object.fromEntries(rows.map((r) => [r.model, r.n]));
  }

  // Skipped files

  putSkipped(row: SkippedRow): void {
    this.sql(
      `INSERT OR REPLACE INTO skipped (path, root_id, reason, size, mtime_ms, ctime_ms, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(row.path, row.rootId, row.reason, row.size, row.mtimeMs, row.ctimeMs, Date.now());
  }

  skippedUnder(rootId: number): SkippedRow[] {
    return this.sql(
      `SELECT path, root_id AS rootId, reason, size, mtime_ms AS mtimeMs, ctime_ms AS ctimeMs FROM skipped WHERE root_id = ?`,
    ).all(rootId) as SkippedRow[];
  }

  deleteSkipped(path: string): void {
    this.sql(`DELETE FROM skipped WHERE path = ?`).run(path);
  }

  // Jobs

  /** A job run by this process: its pid and host tell other processes whether it still runs. */
  createJob(kind: string, payload: unknown): string {
    const id = randomUUID();
    const now = Date.now();
    this.sql(
      `INSERT INTO jobs (id, kind, state, payload, created_at, updated_at, pid, host) VALUES (?, ?, 'running', ?, ?, ?, ?, ?)`,
    ).run(id, kind, JSON.stringify(payload), now, now, process.pid, os.hostname());
    return id;
  }

  /** Says the job still runs (for other hosts, which cannot see its process). */
  jobHeartbeat(id: string): void {
    this.sql(`UPDATE jobs SET updated_at = ? WHERE id = ? AND state = 'running'`).run(Date.now(), id);
  }

  /**
   * Takes an interrupted job over to run it again: true for exactly one caller, however many
   * processes try at once.
   */
  takeInterrupted(id: string, note: string): boolean {
    return (
      this.sql(
        `UPDATE jobs SET state = 'cancelled', error = ?, updated_at = ? WHERE id = ? AND state = 'interrupted'`,
      ).run(note, Date.now(), id).changes === 1
    );
  }

  updateJob(id: string, state: JobState, fields: { progress?: unknown; error?: string } = {}): void {
    this.sql(
      `UPDATE jobs SET state = ?, progress = coalesce(?, progress), error = coalesce(?, error), updated_at = ? WHERE id = ?`,
    ).run(
      state,
      fields.progress === undefined ? null : JSON.stringify(fields.progress),
      fields.error ?? null,
      Date.now(),
      id,
    );
  }

  job(id: string): JobRow | undefined {
    const row = this.sql(`SELECT id, kind, state, payload, progress, error FROM jobs WHERE id = ?`).get(id) as
      | { id: string; kind: string; state: JobState; payload: string; progress: string | null; error: string | null }
      | undefined;
    if (!row) return undefined;
    return {
      ...row,
      payload: JSON.parse(row.payload) as unknown,
      progress: row.progress ? (JSON.parse(row.progress) as unknown) : null,
    };
  }

  jobsIn(state: JobState, kind?: string): JobRow[] {
    const ids = this.sql(`SELECT id FROM jobs WHERE state = ? AND (? IS NULL OR kind = ?) ORDER BY created_at`).all(
      state,
      kind ?? null,
      kind ?? null,
    ) as Array<{ id: string }>;
    return ids.map((r) => this.job(r.id)!);
  }
}
