/**
 * A complete re-index remembers each folder's own time (folderScans.ts); the
 * next one knows a folder unchanged, without reading its rows, when its time
 * is the one remembered and its files add up to the catalog's count and sums
 * of sizes and times. On real folders, a real SQLite catalog, the real indexer
 * with the tiny CLIP on ONNX Runtime, and real scan worker threads: nothing
 * is read of an unchanged library, and each kind of change is still found: a
 * rename, a file written in place, a file the catalog lost, a vector dropped.
 * A folder changed moments before a scan is not remembered (a coarse clock
 * could hide a change made in the same tick), and the sums the catalog keeps
 * by trigger stay equal to its files' whatever is written.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { migrations } from '../../src/main/core/catalog/migrations';
import type { ClipEncoder } from '../../src/main/core/clip/encoderClient';
import { FolderCompare } from '../../src/main/core/indexer/folderCompare';
import { indexFolders } from '../../src/main/core/indexer/indexer';
import { scanFolder } from '../../src/main/core/indexer/scan';
import { ScanPool } from '../../src/main/core/indexer/scanPool';
import { nodeWorkerSpawner } from '../../src/main/core/workers/nodeWorker';
import { fixtureEncoder } from '../helpers/encoder';
import { solid } from '../helpers/images';
import { ROOT, TINY_MODEL } from '../helpers/paths';

const SCAN_THREAD = new URL(`file://${path.join(ROOT, 'src/main/core/indexer/scanThread.ts')}`);
const FOLDERS = ['a', 'b', 'c', 'd', 'e'];

describe('folders known unchanged by their time and sums', { timeout: 180_000 }, () => {
  let tmp: string;
  let lib: string;
  let encoder: ClipEncoder;
  let catalog: Catalog;
  let jobs = 0;
  const index = () => indexFolders({ catalog, encoder }, { folders: [lib], jobId: `job-${++jobs}` });
  // In whole seconds: a time set in milliseconds can come back from the file system a millisecond short.
  const hourAgo = () => new Date(Math.floor(Date.now() / 1000 - 3_600) * 1000);
  /** Sets the folders' own times an hour back, as a library's folders mostly are. */
  const ageFolders = () => {
    for (const dir of [lib, ...FOLDERS.map((f) => path.join(lib, f))]) fs.utimesSync(dir, hourAgo(), hourAgo());
  };
  const remembered = () =>
    (catalog.db.prepare(`SELECT dir FROM folder_scans ORDER BY dir`).pluck().all() as string[]).map((d) =>
      path.relative(lib, d),
    );

  /** What a scan finds, on this thread or on workers: the folders whose rows it read, and the files to look at. */
  async function scan(pooled: boolean) {
    const root = catalog.root(lib)!;
    const embedded = catalog.filesUnder(root.id).every((f) => catalog.hasEmbedding(f.contentKey, encoder.model.id));
    const compare = new FolderCompare(catalog, root, encoder.model.id, embedded);
    if (pooled) {
      const pool = new ScanPool(nodeWorkerSpawner(SCAN_THREAD), 2, catalog.db.name, compare);
      await scanFolder(lib, { statLater: pool.statLater });
      await pool.finish();
    } else {
      await scanFolder(lib, { onFolder: compare.folder });
    }
    compare.finish();
    return { read: compare.foldersRead, files: compare.files.map((f) => path.relative(lib, f.path)) };
  }

  const sumsInStep = () => {
    const kept = catalog.db
      .prepare(`SELECT dir, count, size_sum AS size, mtime_sum AS mtime FROM folder_counts ORDER BY dir`)
      .all();
    const actual = catalog.db
      .prepare(
        `SELECT dir, count(*) AS count, sum(size) AS size, sum(mtime_ms) AS mtime FROM files GROUP BY dir ORDER BY dir`,
      )
      .all();
    expect(kept).toEqual(actual);
  };

  beforeAll(async () => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-folderscans-')));
    lib = path.join(tmp, 'lib');
    encoder = fixtureEncoder(TINY_MODEL);
    catalog = Catalog.open(path.join(tmp, 'data', 'catalog.db'));
    for (const [i, folder] of FOLDERS.entries()) {
      for (let j = 0; j < 3; j++) {
        const file = path.join(lib, folder, `img-${j}.png`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        await solid(file, [i * 50, j * 80, 90], 8);
      }
    }
    ageFolders();
    const first = await index();
    expect(first.embedded).toBe(15);
  });

  afterAll(async () => {
    catalog?.close();
    await encoder?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('remembers the folders of a complete run, and reads nothing of them while unchanged', async () => {
    // The library's own folder too: it holds no files, and its time says none came.
    expect(remembered()).toEqual(['', ...FOLDERS]);
    sumsInStep();
    expect(await scan(false)).toEqual({ read: 0, files: [] });
    expect(await scan(true)).toEqual({ read: 0, files: [] });
  });

  it('finds a rename within a folder, whose files still add up: the folder’s time changed', async () => {
    fs.renameSync(path.join(lib, 'a', 'img-0.png'), path.join(lib, 'a', 'renamed.png'));
    expect(await scan(true)).toEqual({ read: 1, files: ['a/renamed.png'] });
    const summary = await index();
    expect(summary).toMatchObject({ moved: 1, embedded: 0, removed: 0 });
    // Changed a moment ago: a coarse clock could hide a second change in the same tick, so it is not remembered.
    expect(remembered()).toEqual(['', 'b', 'c', 'd', 'e']);
    ageFolders();
    await index();
    expect(remembered()).toEqual(['', ...FOLDERS]);
    sumsInStep();
  });

  it('finds a file written in place, though its folder’s time did not change', async () => {
    const folder = path.join(lib, 'b');
    const kept = catalog.db.prepare(`SELECT mtime_ms FROM folder_scans WHERE dir = ?`).pluck().get(folder) as number;
    // Written in place, which leaves the folder's time as it was; put back all the same, to be sure.
    await solid(path.join(lib, 'b', 'img-1.png'), [250, 250, 0], 12);
    fs.utimesSync(folder, new Date(kept), new Date(kept));
    expect(Math.trunc(fs.statSync(folder).mtimeMs)).toBe(kept);
    expect(await scan(false)).toEqual({ read: 1, files: ['b/img-1.png'] });
    expect(await index()).toMatchObject({ embedded: 1 });
    sumsInStep();
  });

  it('finds a file the catalog lost while the folder did not change, and one whose vector was dropped', async () => {
    ageFolders();
    await index();
    catalog.deleteFile(path.join(lib, 'c', 'img-2.png'));
    sumsInStep();
    expect(await scan(true)).toEqual({ read: 1, files: ['c/img-2.png'] });
    await index();

    const key = catalog.fileByPath(path.join(lib, 'd', 'img-0.png'))!.contentKey;
    catalog.db.prepare(`DELETE FROM embeddings WHERE content_key = ?`).run(key);
    // Not every file has a vector: no folder is known by its sums, all are read.
    expect(await scan(true)).toEqual({ read: 5, files: ['d/img-0.png'] });
    expect(await index()).toMatchObject({ embedded: 1 });
    sumsInStep();
  });

  it('sums the files of a catalog made before it kept sums, and keeps them in step from then on', () => {
    const file = path.join(tmp, 'older.db');
    const sums = migrations.findIndex((m) => m.includes('ADD COLUMN size_sum'));
    const old = new Database(file);
    for (const m of migrations.slice(0, sums)) old.exec(m);
    old.pragma(`user_version = ${sums}`);
    old.exec(`INSERT INTO roots (id, path, added_at) VALUES (1, '/lib', 0)`);
    const insert = old.prepare(
      `INSERT INTO files (root_id, path, content_key, size, mtime_ms, width, height, format, indexed_at, name, dir)
       VALUES (1, ?, ?, ?, ?, 1, 1, 'png', 0, ?, ?)`,
    );
    insert.run('/lib/a/one.png', 'k1', 100, 1_700_000_000_123, 'one.png', '/lib/a');
    insert.run('/lib/a/two.png', 'k2', 250, 1_700_000_000_456, 'two.png', '/lib/a');
    insert.run('/lib/b/three.png', 'k3', 7, 1_600_000_000_000, 'three.png', '/lib/b');
    old.close();

    const c = Catalog.open(file);
    const kept = () =>
      c.db.prepare(`SELECT dir, count, size_sum, mtime_sum FROM folder_counts ORDER BY dir`).raw().all();
    expect(kept()).toEqual([
      ['/lib/a', 2, 350, 3_400_000_000_579],
      ['/lib/b', 1, 7, 1_600_000_000_000],
    ]);
    c.db.prepare(`UPDATE files SET size = 300, mtime_ms = 1_700_000_000_500 WHERE path = '/lib/a/two.png'`).run();
    c.db.prepare(`UPDATE files SET path = '/lib/b/one.png', dir = '/lib/b' WHERE path = '/lib/a/one.png'`).run();
    c.db.prepare(`DELETE FROM files WHERE path = '/lib/b/three.png'`).run();
    expect(kept()).toEqual([
      ['/lib/a', 1, 300, 1_700_000_000_500],
      ['/lib/b', 1, 100, 1_700_000_000_123],
    ]);
    c.close();
  });
});
