/**
 * The soak's reckoning once all is quiet: the files on disk against the
 * catalog and the vector store, and the encoder's work against the content
 * there was to embed.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { spaceFiles } from '../src/main/core/vectors/embedded/indexFiles';

export interface FinalCheck {
  /** Files on disk missing from the catalog, or without a vector there, or absent from the store. */
  lost: string[];
  /** Catalog entries whose path no longer exists. */
  danglingCatalog: string[];
  /** Store entries whose path no longer exists. */
  danglingStore: string[];
  /** Paths whose vector was committed more than once (the change log's upserts, beyond the first). */
  recommitted: number;
  storeFound: boolean;
  /** Indexing jobs the catalog still calls running or interrupted once all is quiet. */
  unfinishedJobs: number;
}

function readOnly(file: string): Database.Database {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}

/** Checks the data folder against `onDisk` (every image file in the library now). */
export function finalCheck(dataDir: string, onDisk: string[]): FinalCheck {
  const catalog = readOnly(path.join(dataDir, 'catalog.db'));
  let catalogPaths: Set<string>;
  let catalogRows: string[];
  let models: string[];
  let recommitted = 0;
  let unfinishedJobs = 0;
  try {
    catalogPaths = new Set(
      catalog
        .prepare(
          `SELECT f.path FROM files f WHERE EXISTS (SELECT 1 FROM embeddings e WHERE e.content_key = f.content_key)`,
        )
        .pluck()
        .all() as string[],
    );
    catalogRows = catalog.prepare(`SELECT path FROM files`).pluck().all() as string[];
    models = catalog.prepare(`SELECT DISTINCT model_id FROM embeddings`).pluck().all() as string[];
    // Each path the soak creates is committed once when every file's content is embedded once: a
    // second upsert of the same path is a second commit of the same content by another indexer.
    recommitted = (
      catalog
        .prepare(
          `SELECT coalesce(sum(n - 1), 0) AS extra FROM
          (SELECT count(*) AS n FROM file_changes WHERE op = 'upsert' GROUP BY path)`,
        )
        .get() as { extra: number }
    ).extra;
    unfinishedJobs = catalog
      .prepare(`SELECT count(*) FROM jobs WHERE kind = 'index' AND state IN ('running', 'interrupted')`)
      .pluck()
      .get() as number;
  } finally {
    catalog.close();
  }
  const storePaths = new Set<string>();
  let storeFound = false;
  for (const model of models) {
    const file = spaceFiles(path.join(dataDir, 'vectors'), model).db;
    if (!fs.existsSync(file)) continue;
    storeFound = true;
    const store = readOnly(file);
    try {
      for (const p of store.prepare(`SELECT path FROM entries`).pluck().all() as string[]) storePaths.add(p);
    } finally {
      store.close();
    }
  }
  const disk = new Set(onDisk);
  return {
    lost: onDisk.filter((p) => !catalogPaths.has(p) || !storePaths.has(p)),
    danglingCatalog: catalogRows.filter((p) => !disk.has(p)),
    danglingStore: [...storePaths].filter((p) => !disk.has(p)),
    recommitted,
    storeFound,
    unfinishedJobs,
  };
}
