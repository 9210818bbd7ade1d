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
  db.pragma('journal_mode = WAL');
  // NORMAL is durable across process crashes under WAL (only a power loss may drop the last commits).
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new CatalogError(
      `The catalog was written by a newer Atelier (schema ${current}, this version knows ${migrations.length}).`,
    );
  }
  for (let v = current; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
