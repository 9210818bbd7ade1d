/**
 * Opens the SQLite file behind an entry table (`<model>.db`): created with the
 * schema when absent, set aside when SQLite cannot read it (the catalog still
 * has every vector, and a new table asks it for them), and a second,
 * memory-mapped connection for search's point lookups.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';

export type Db = Database.Database;

const schema = `
  CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  CREATE TABLE entries (
    key INTEGER PRIMARY KEY AUTOINCREMENT,
    path TEXT NOT NULL UNIQUE,
    content_key TEXT NOT NULL,
    format TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL
  );
  CREATE INDEX entries_format ON entries(format, path);
  -- Apart from the entries, so scans and counts over paths do not read 2 KB per row.
  CREATE TABLE vectors (key INTEGER PRIMARY KEY, vector BLOB NOT NULL);
  -- Keys removed since the index was last saved, in order.
  CREATE TABLE removed (seq INTEGER PRIMARY KEY AUTOINCREMENT, key INTEGER NOT NULL);
`;

/**
 * How long a connection waits for another process's write to end (the app, `atelier serve` and CLI
 * commands may share the data folder), as the catalog does.
 */
const BUSY_TIMEOUT_MS = 5000;

/** Opens (or creates) the table's database; null keeps it in memory. */
export function openEntryDatabase(file: string | null): Db {
  const exists = file !== null && fs.existsSync(file);
  try {
    const db = new Database(file ?? ':memory:', { timeout: BUSY_TIMEOUT_MS });
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (!exists) db.pragma('page_size = 16384'); // ~7 vectors a page instead of 1
    db.pragma('journal_mode = WAL');
    // FULL: the catalog's cursor moves on once a write returns, so a write must survive a power loss too.
    db.pragma('synchronous = FULL');
    // Another process may be creating the same file: the check and the creation take the write lock together.
    const create = db.transaction(() => {
      if (db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'meta'`).get() === undefined) db.exec(schema);
    });
    create.immediate();
    return db;
  } catch (err) {
    if (!file || !exists) throw err;
    for (const f of [file, `${file}-wal`, `${file}-shm`]) if (fs.existsSync(f)) fs.renameSync(f, `${f}.corrupt`);
    return openEntryDatabase(file);
  }
}

/** Deletes a table's files (it was written for another dimension). */
export function removeEntryDatabase(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
}

/** Memory mapped by the lookup connection at most: all of a 100k-vector table, a slice of a larger one. */
const LOOKUP_MMAP_BYTES = 256 << 20;

/**
 * The connection search reads through: memory-mapped, so a page costs a page
 * fault rather than a read() into SQLite's cache (inside a VM that halved the
 * time of a re-rank, and made a filtered scan of 1,000 entries several times
 * faster). Mapped pages count as the process's memory, hence the cap; and the
 * index's bulk reads, which touch every page, stay on the main connection.
 */
export function openLookups(file: string): Db {
  const db = new Database(file, { readonly: true, timeout: BUSY_TIMEOUT_MS });
  db.pragma(`mmap_size = ${LOOKUP_MMAP_BYTES}`);
  return db;
}
