/**
 * Opens the catalog database: WAL so readers never wait for the indexer and a
 * crash loses at most the transaction in flight; migrations to the latest schema.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrations } from './migrations';

export type Db = Database.Database;

export class CatalogError extends Error {}

export function openDatabase(file: string): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let db: Db;
  try {
    db = new Database(file);
  } catch (err) {
    throw new CatalogError(`Cannot open the catalog at ${file}: ${(err as Error).message}`);
  }
  // First, so that even switching a new file to WAL waits for another process's lock.
  db.pragma('busy_timeout = 5000');
  // A new catalog gets 32 KB pages: a 512-d vector's row is about 2.1 KB, and a page holds 15 of them
  // (a 16 KB page 7, a 4 KB page one), so vectors cost 2,184 bytes each instead of 2,340. A catalog
  // made with another page size keeps it: changing it rewrites the whole file (VACUUM).
  // It also gets incremental auto-vacuum, so pages that bulk deletions free can be given back
  // (freePages.ts). Both must be set before the first table (and page size before WAL).
  if (isEmpty(db)) {
    db.pragma('page_size = 32768');
    db.pragma('auto_vacuum = INCREMENTAL');
  }
  db.pragma('journal_mode = WAL');
  // NORMAL is durable across process crashes under WAL (only a power loss may drop the last commits).
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

function isEmpty(db: Db): boolean {
  return (db.pragma('page_count', { simple: true }) as number) === 0;
}

/**
 * Brings the schema to the latest version. The version is read inside a write
 * transaction: two processes opening a new catalog at once then migrate one
 * after the other, and the second finds the work done instead of redoing it.
 */
export function migrate(db: Db): void {
  const current = () => db.pragma('user_version', { simple: true }) as number;
  const check = (v: number) => {
    if (v > migrations.length) {
      throw new CatalogError(
        `The catalog was written by a newer Atelier (schema ${v}, this version knows ${migrations.length}).`,
      );
    }
  };
  check(current());
  if (current() === migrations.length) return; // the usual case: no write lock taken
  db.transaction(() => {
    const from = current();
    check(from);
    for (let v = from; v < migrations.length; v++) {
      db.exec(migrations[v]!);
      db.pragma(`user_version = ${v + 1}`);
    }
  }).immediate();
}
