/**
 * Reads entries back with their f32 vectors: the candidates of an approximate
 * search (by key), the tail an index has not caught up with yet, and the
 * subset a filter selects (for an exact search when too few candidates pass).
 */
import type { VectorFilter } from '../vectorStore';
import type { EntryTable } from './entryTable';

/** What search returns about an entry beside its score. */
export interface EntryMeta {
  key: number;
  path: string;
  format: string;
  width: number;
  height: number;
}

/** An entry with its f32 vector. */
export interface StoredEntry extends EntryMeta {
  vector: Float32Array;
}

interface Row extends EntryMeta {
  vector: Buffer;
}

const columns = `e.key, e.path, e.format, e.width, e.height, v.vector`;
const joined = `entries e JOIN vectors v ON v.key = e.key`;

/** A blob's f32 values, without a copy when it is aligned (better-sqlite3 gives each blob its own buffer). */
export function asFloat32(b: Buffer): Float32Array {
  return b.byteOffset % 4 === 0
    ? new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4)
    : new Float32Array(new Uint8Array(b).buffer);
}

function toEntry(row: Row): StoredEntry {
  return { ...row, vector: asFloat32(row.vector) };
}

/** The path range a folder prefix covers, for SQLite's path index: [prefix, prefix with its last char + 1). */
function prefixRange(prefix: string): [string, string] {
  const last = prefix.charCodeAt(prefix.length - 1);
  return [prefix, prefix.slice(0, -1) + String.fromCharCode(last + 1)];
}

/** SQL and parameters selecting the entries a filter accepts (every entry when it is empty). */
function filterClause(filter: VectorFilter | undefined): { where: string; params: string[] } {
  const parts: string[] = [];
  const params: string[] = [];
  const folders = (filter?.folders ?? []).filter((f) => f.length > 0);
  if (folders.length) {
    parts.push(`(${folders.map(() => '(e.path >= ? AND e.path < ?)').join(' OR ')})`);
    for (const f of folders) params.push(...prefixRange(f));
  }
  if (filter?.formats?.length) {
    parts.push(`e.format IN (${filter.formats.map(() => '?').join(', ')})`);
    params.push(...filter.formats);
  }
  return { where: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/** True when a filter restricts anything. */
export function isFiltering(filter: VectorFilter | undefined): boolean {
  return Boolean(filter?.folders?.length || filter?.formats?.length);
}

/** A predicate equal to the SQL filter, for candidates already in hand. */
export function filterPredicate(filter: VectorFilter | undefined): (e: { path: string; format: string }) => boolean {
  const folders = filter?.folders?.length ? filter.folders : null;
  const formats = filter?.formats?.length ? new Set(filter.formats) : null;
  return (e) => (!formats || formats.has(e.format)) && (!folders || folders.some((f) => e.path.startsWith(f)));
}

export class EntryReader {
  private readonly vectorsOf;
  private readonly metasOf;
  private readonly tail;

  constructor(private readonly table: EntryTable) {
    // Search reads through the memory-mapped connection (see openLookups).
    // One statement for any number of keys: the list travels as a JSON array.
    this.vectorsOf = table.lookups.prepare(
      `SELECT key, vector FROM vectors WHERE key IN (SELECT value FROM json_each(?))`,
    );
    this.metasOf = table.lookups.prepare(
      `SELECT key, path, format, width, height FROM entries WHERE key IN (SELECT value FROM json_each(?))`,
    );
    this.tail = table.lookups.prepare(`SELECT ${columns} FROM ${joined} WHERE e.key > ?`);
  }

  /** The f32 vectors of these keys, for those that still exist (a removed key is absent). */
  vectors(keys: number[]): Array<{ key: number; vector: Float32Array }> {
    if (keys.length === 0) return [];
    const rows = this.vectorsOf.all(JSON.stringify(keys)) as Array<{ key: number; vector: Buffer }>;
    return rows.map((r) => ({ key: r.key, vector: asFloat32(r.vector) }));
  }

  /** What search returns beside the score, for these keys (those that still exist). */
  metas(keys: number[]): EntryMeta[] {
    if (keys.length === 0) return [];
    return this.metasOf.all(JSON.stringify(keys)) as EntryMeta[];
  }

  /** Entries with keys above `key`, one at a time. */
  *after(key: number): IterableIterator<StoredEntry> {
    for (const row of this.tail.iterate(key) as IterableIterator<Row>) yield toEntry(row);
  }

  /** Every entry the filter accepts, one at a time, through SQLite's indexes on path and format. */
  *matching(filter: VectorFilter | undefined): IterableIterator<StoredEntry> {
    const { where, params } = filterClause(filter);
    const stmt = this.table.lookups.prepare(`SELECT ${columns} FROM ${joined} ${where}`);
    for (const row of stmt.iterate(...params) as IterableIterator<Row>) yield toEntry(row);
  }

  /** How many entries the filter accepts, counting no further than `limit` (a count is a scan). */
  countMatching(filter: VectorFilter | undefined, limit: number): number {
    const { where, params } = filterClause(filter);
    const sql = `SELECT count(*) AS n FROM (SELECT 1 FROM entries e ${where} LIMIT ?)`;
    return (this.table.lookups.prepare(sql).get(...params, limit) as { n: number }).n;
  }
}
