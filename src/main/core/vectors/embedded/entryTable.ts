/**
 * The embedded store's durable record of one model's entries: a SQLite file
 * beside the index (`<model>.db`). The HNSW index is derived from it and its
 * candidates are re-ranked with the f32 vectors read back from it, so nothing
 * the store knows lives only in memory, and a million vectors need not be
 * loaded at start-up.
 *
 * A key names one vector of one path. A changed vector gets a new key, and
 * keys are never reused (AUTOINCREMENT), so an index can follow the table by
 * two numbers alone: "every key above K added" and "every removal after R
 * applied" (see hnswIndex.ts).
 *
 * Other processes (the app, `atelier serve`, CLI commands) may write the same
 * file. `refresh` notices their commits through SQLite's `data_version`, one
 * pragma read, so the caches above the table catch up before they answer.
 */
import { randomUUID } from 'node:crypto';
import type { StoredKey, VectorEntry } from '../vectorStore';
import { type Db, openEntryDatabase, openLookups, removeEntryDatabase } from './entryDatabase';

/** What a write changed, for the caches and the index to follow. */
export interface WriteResult {
  added: number[];
  removed: number[];
  /** The key each upserted path holds now. */
  keys: Map<string, number>;
}

function blob(v: Float32Array): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

export class EntryTable {
  private readonly stmts;
  /** The connection search looks candidates up through (see openLookups). */
  lookups: Db;
  /** Live entries, kept here: `count(*)` walks the whole table. */
  private entries: number;
  /** The highest key ever assigned. */
  private topKey: number;
  /** SQLite's count of other connections' commits, when this table last looked. */
  private seen: number;
  /** Another connection committed, and `changedElsewhere` has not said so yet. */
  private unreported = false;

  private constructor(
    readonly db: Db,
    readonly dim: number,
  ) {
    this.lookups = db;
    const q = (sql: string) => db.prepare(sql);
    this.stmts = {
      keyOf: q(`SELECT key FROM entries WHERE path = ?`),
      vectorOf: q(`SELECT vector FROM vectors WHERE key = ?`),
      insert: q(`INSERT INTO entries (path, content_key, format, width, height) VALUES (?, ?, ?, ?, ?)`),
      insertVector: q(`INSERT INTO vectors (key, vector) VALUES (?, ?)`),
      update: q(`UPDATE entries SET content_key = ?, format = ?, width = ?, height = ? WHERE key = ?`),
      delete: q(`DELETE FROM entries WHERE key = ?`),
      deleteVector: q(`DELETE FROM vectors WHERE key = ?`),
      tombstone: q(`INSERT INTO removed (key) VALUES (?)`),
      setMeta: q(`INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)`),
      getMeta: q(`SELECT value FROM meta WHERE name = ?`),
      vectorsAfter: q(`SELECT key, vector FROM vectors WHERE key > ? ORDER BY key LIMIT ?`),
      removedAfter: q(`SELECT seq, key FROM removed WHERE seq > ? ORDER BY seq LIMIT ?`),
      purgeRemoved: q(`DELETE FROM removed WHERE seq <= ?`),
      keysAfter: q(`SELECT key, path, content_key AS contentKey FROM entries WHERE key > ? ORDER BY key LIMIT ?`),
      count: q(`SELECT count(*) AS n FROM entries`),
      topKey: q(`SELECT seq FROM sqlite_sequence WHERE name = 'entries'`),
    };
    this.seen = this.dataVersion();
    this.entries = 0;
    this.topKey = 0;
    this.recount();
  }

  /**
   * Runs `fn` holding the table's write lock, which every process writing this model's files takes
   * through SQLite (waiting its busy timeout): what it publishes beside the table does not interleave.
   */
  readonly exclusive = (fn: () => void): void => {
    this.db.transaction(fn).immediate();
  };

  private dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  private recount(): void {
    this.entries = (this.stmts.count.get() as { n: number }).n;
    this.topKey = (this.stmts.topKey.get() as { seq: number } | undefined)?.seq ?? 0;
  }

  /** Reads the count and the last key again if another connection committed since the last look. */
  private refresh(): void {
    const version = this.dataVersion();
    if (version === this.seen) return;
    this.seen = version;
    this.unreported = true;
    this.recount();
  }

  /**
   * True when another connection (another process) committed to the table since the last call:
   * what is cached above the table must catch up. Costs one pragma when nothing changed.
   */
  changedElsewhere(): boolean {
    this.refresh();
    const changed = this.unreported;
    this.unreported = false;
    return changed;
  }

  /**
   * Opens (or creates) the table for a model. A new table, or one written for
   * another dimension, starts empty and reports `needsFullSync`.
   */
  static open(file: string | null, dim: number): EntryTable {
    let table = new EntryTable(openEntryDatabase(file), dim);
    if (!table.meta('id')) table.initialise();
    else if (Number(table.meta('dim')) !== dim) {
      table.db.close();
      removeEntryDatabase(file!);
      table = new EntryTable(openEntryDatabase(file), dim);
      table.initialise();
    }
    if (file) table.lookups = openLookups(file);
    return table;
  }

  private initialise(): void {
    this.db
      .transaction(() => {
        if (this.meta('id')) return; // another process initialised it first
        this.stmts.setMeta.run('id', randomUUID());
        this.stmts.setMeta.run('dim', String(this.dim));
        this.stmts.setMeta.run('needs_full_sync', '1');
      })
      .immediate();
  }

  meta(name: string): string | undefined {
    return (this.stmts.getMeta.get(name) as { value: string } | undefined)?.value;
  }

  /** Identifies this table's contents: an index built from another table must not be used. */
  get id(): string {
    return this.meta('id')!;
  }

  get count(): number {
    return this.entries;
  }

  get lastKey(): number {
    return this.topKey;
  }

  /** The newest removal's sequence number: where an index built now starts following removals. */
  get lastRemoved(): number {
    const row = this.db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'removed'`).get() as
      { seq: number } | undefined;
    return row?.seq ?? 0;
  }

  /** True until the first write after the table was created: it has none of the catalog's entries. */
  get needsFullSync(): boolean {
    return this.meta('needs_full_sync') === '1';
  }

  /**
   * Removals the saved index no longer lists (see `purgeRemoved`): a follower that has not applied
   * them cannot catch up and must be built again.
   */
  get purgedRemovals(): number {
    return Number(this.meta('removed_purged') ?? 0);
  }

  /** Applies deletions then upserts in one transaction; an unchanged vector keeps its key. */
  write(upserts: VectorEntry[], deletes: string[]): WriteResult {
    const result: WriteResult = { added: [], removed: [], keys: new Map() };
    const s = this.stmts;
    const remove = (key: number) => {
      s.delete.run(key);
      s.deleteVector.run(key);
      s.tombstone.run(key);
      result.removed.push(key);
      this.entries--;
    };
    // IMMEDIATE: the write lock is taken (waiting for another process's write) before anything is
    // read, so the reads below are never of a snapshot another process has since written over.
    const apply = this.db.transaction(() => {
      // Another process's writes since this table last looked: the counts must include them.
      this.refresh();
      for (const p of deletes) {
        const row = s.keyOf.get(p) as { key: number } | undefined;
        if (row) remove(row.key);
      }
      for (const e of upserts) {
        if (e.vector.length !== this.dim)
          throw new Error(`A vector of ${e.vector.length} values in a ${this.dim}-d space`);
        const row = s.keyOf.get(e.path) as { key: number } | undefined;
        if (row) {
          const old = (s.vectorOf.get(row.key) as { vector: Buffer }).vector;
          if (old.equals(blob(e.vector))) {
            s.update.run(e.contentKey, e.format, e.width, e.height, row.key);
            result.keys.set(e.path, row.key);
            continue;
          }
          remove(row.key);
        }
        const key = Number(s.insert.run(e.path, e.contentKey, e.format, e.width, e.height).lastInsertRowid);
        s.insertVector.run(key, blob(e.vector));
        result.added.push(key);
        result.keys.set(e.path, key);
        this.entries++;
        this.topKey = key;
      }
      if (this.needsFullSync) s.setMeta.run('needs_full_sync', '0');
    });
    apply.immediate();
    return result;
  }

  /** Empties the table under a new id, so no index built before still matches it. */
  clear(): void {
    this.db
      .transaction(() => {
        this.db.exec(`DELETE FROM entries; DELETE FROM vectors; DELETE FROM removed;`);
        this.stmts.setMeta.run('id', randomUUID());
      })
      .immediate();
    this.entries = 0;
  }

  /** Vectors with keys above `key`, in key order: what an index still has to add. */
  vectorsAfter(key: number, limit: number): Array<{ key: number; vector: Buffer }> {
    return this.stmts.vectorsAfter.all(key, limit) as Array<{ key: number; vector: Buffer }>;
  }

  /** Removals after `seq`, in order: what an index still has to remove. */
  removedAfter(seq: number, limit: number): Array<{ seq: number; key: number }> {
    return this.stmts.removedAfter.all(seq, limit) as Array<{ seq: number; key: number }>;
  }

  /** Paths and content keys, a page at a time in key order (so writes between pages skip nothing old). */
  *keys(pageSize: number): IterableIterator<StoredKey[]> {
    let after = 0;
    for (;;) {
      const rows = this.stmts.keysAfter.all(after, pageSize) as Array<StoredKey & { key: number }>;
      if (rows.length === 0) return;
      yield rows.map(({ path, contentKey }) => ({ path, contentKey }));
      after = rows[rows.length - 1]!.key;
    }
  }

  /** Forgets removals a saved index already reflects. */
  purgeRemoved(upToSeq: number): void {
    this.db
      .transaction(() => {
        this.stmts.purgeRemoved.run(upToSeq);
        if (upToSeq > this.purgedRemovals) this.stmts.setMeta.run('removed_purged', String(upToSeq));
      })
      .immediate();
  }

  close(): void {
    if (this.lookups !== this.db) this.lookups.close();
    this.db.close();
  }
}
