/**
 * The catalog's rows of the files directly in one folder, as a re-index
 * compares them with what the scan found there (indexer/folderCompare.ts).
 * Read by the catalog itself, and by scan workers over read-only connections
 * of their own (indexer/scanThread.ts), so both ask with the same query.
 */
import { sep } from 'node:path';
import Database, { type Statement } from 'better-sqlite3';

/** A known file as a row of values: `[path, contentKey, size, mtimeMs, embedded (1 or 0)]`. */
export type KnownTuple = [string, string, number, number, number];

/** Whose rows: one library folder's, under one model. */
export interface FolderRowsScope {
  rootId: number;
  modelId: string;
  /** Every file of the root is known to have a vector of the model (embeddedMark.ts): no lookup per file. */
  allEmbedded: boolean;
}

/** Every path that starts with `prefix` (which ends with a separator), as one range. */
export function pathsBelow(prefix: string): { from: string; to: string } {
  return { from: prefix, to: prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1) };
}

/**
 * A folder's files are read from its range of paths (`+root_id` keeps the root's index out of the
 * plan: it would read every file of the root for each folder).
 */
export function folderRowsSql(allEmbedded: boolean): string {
  return `SELECT path, content_key, size, mtime_ms, ${embeddedColumn(allEmbedded)} FROM files
    WHERE path >= @from AND path < @to AND dir = @dir AND +root_id = @rootId`;
}

/** The rows of `dir`'s files, from a statement prepared with `folderRowsSql`. */
export function readFolderRows(statement: Statement, dir: string, scope: FolderRowsScope): KnownTuple[] {
  return readFolder<KnownTuple>(statement, dir, scope);
}

/**
 * A file's stamp: `[name, size, mtimeMs, embedded (1 or 0)]`, what a re-index compares an unchanged
 * file by. Read by name, far shorter than the path, so a folder's stamps cost little to read.
 */
export type Stamp = [string, number, number, number];

/** A folder's stamps, and the full row of any one file: what a re-index reads of the catalog. */
export interface FolderRows {
  stamps(dir: string): Stamp[];
  /** The row of the file at `path`, if the catalog has it in the root. */
  row(path: string): KnownTuple | undefined;
}

function embeddedColumn(allEmbedded: boolean): string {
  return allEmbedded
    ? '1'
    : 'EXISTS (SELECT 1 FROM embeddings e WHERE e.content_key = files.content_key AND e.model_id = @modelId)';
}

/** A folder's rows or stamps, from a statement prepared with `folderRowsSql`. */
function readFolder<T>(statement: Statement, dir: string, scope: FolderRowsScope): T[] {
  const { from, to } = pathsBelow(dir.endsWith(sep) ? dir : dir + sep);
  const params = scope.allEmbedded
    ? { from, to, dir, rootId: scope.rootId }
    : { from, to, dir, rootId: scope.rootId, modelId: scope.modelId };
  return statement.raw(true).all(params) as T[];
}

/** Reads folders' stamps and files' rows with statements prepared through `prepare`. */
export function folderRows(prepare: (sql: string) => Statement, scope: FolderRowsScope): FolderRows {
  const where = `path >= @from AND path < @to AND dir = @dir AND +root_id = @rootId`;
  const stamps = prepare(`SELECT name, size, mtime_ms, ${embeddedColumn(scope.allEmbedded)} FROM files WHERE ${where}`);
  const row = prepare(
    `SELECT path, content_key, size, mtime_ms, ${embeddedColumn(scope.allEmbedded)} FROM files
      WHERE path = @path AND +root_id = @rootId`,
  ).raw(true);
  const params = (path: string) =>
    scope.allEmbedded ? { path, rootId: scope.rootId } : { path, rootId: scope.rootId, modelId: scope.modelId };
  return {
    stamps: (dir) => readFolder<Stamp>(stamps, dir, scope),
    row: (path) => row.get(params(path)) as KnownTuple | undefined,
  };
}

/**
 * The same over a read-only connection of its own to the catalog at `file`: a scan worker's
 * (indexer/scanThread.ts). Under WAL it reads beside the process that has the catalog open.
 */
export function openFolderRows(file: string, scope: FolderRowsScope): FolderRows {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return folderRows((sql) => db.prepare(sql), scope);
}
