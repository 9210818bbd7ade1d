/**
 * A re-index of a large library spreads its stat calls and catalog reads over
 * scan worker threads (scanPool.ts). On real folders, a real SQLite catalog,
 * real worker threads and the tiny CLIP on ONNX Runtime: the pooled scan finds
 * exactly what the scan on one thread finds, in the same order; a worker that
 * dies or cannot open the catalog costs nothing, its folders being done on the
 * main thread; a file gone between reading its folder and stat'ing it is
 * reported with its reason; and the indexer, given the workers, indexes the
 * same changes as without them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import type { ClipEncoder } from '../../src/main/core/clip/encoderClient';
import { FolderCompare } from '../../src/main/core/indexer/folderCompare';
import { runFolderJob } from '../../src/main/core/indexer/folderDiff';
import { indexFolders } from '../../src/main/core/indexer/indexer';
import { scanFolder } from '../../src/main/core/indexer/scan';
import { ScanPool } from '../../src/main/core/indexer/scanPool';
import { nodeWorkerSpawner } from '../../src/main/core/workers/nodeWorker';
import type { WorkerSpawner } from '../../src/main/core/workers/workerSpawner';
import { fixtureEncoder } from '../helpers/encoder';
import { solid } from '../helpers/images';
import { ROOT, TINY_MODEL } from '../helpers/paths';

const SCAN_THREAD = new URL(`file://${path.join(ROOT, 'src/main/core/indexer/scanThread.ts')}`);

describe('scanning a library on worker threads', { timeout: 180_000 }, () => {
  let tmp: string;
  let lib: string;
  let encoder: ClipEncoder;
  let catalog: Catalog;
  let jobs = 0;
  const spawnScanner = nodeWorkerSpawner(SCAN_THREAD);
  const index = (pooled: boolean) =>
    indexFolders(
      { catalog, encoder, ...(pooled ? { spawnScanner } : {}) },
      { folders: [lib], jobId: `job-${++jobs}`, pooledScanFrom: 1 },
    );

  /** What a scan compared folder by folder finds, on this thread or over `workers` threads of `spawn`. */
  async function compared(spawn?: WorkerSpawner, workers = 2, catalogFile = catalog.db.name) {
    const root = catalog.root(lib)!;
    const compare = new FolderCompare(catalog, root, encoder.model.id);
    if (!spawn) {
      const result = await scanFolder(lib, { onFolder: compare.folder });
      compare.finish();
      return { compare, problems: result.problems, doneHere: 0 };
    }
    const pool = new ScanPool(spawn, workers, catalogFile, compare);
    const result = await scanFolder(lib, { statLater: pool.statLater });
    await pool.finish();
    compare.finish();
    return { compare, problems: [...result.problems, ...compare.problems], doneHere: pool.doneHere };
  }

  const summaryOf = ({ compare, problems }: Awaited<ReturnType<typeof compared>>) => ({
    scanned: compare.scanned,
    files: compare.files.map((f) => [f.path, f.size, f.mtimeMs]),
    known: compare.known,
    skippedSeen: [...compare.skippedSeen],
    problems,
  });

  beforeAll(async () => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-scanpool-')));
    lib = path.join(tmp, 'lib');
    encoder = fixtureEncoder(TINY_MODEL);
    catalog = Catalog.open(path.join(tmp, 'data', 'catalog.db'));
    // Forty folders of three images: enough that every worker gets folders, and the walk must wait.
    for (let i = 0; i < 40; i++) {
      for (let j = 0; j < 3; j++) {
        const file = path.join(lib, `set-${String(i).padStart(2, '0')}`, `shot-${j}.png`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        await solid(file, [(i * 6) % 256, (j * 80) % 256, 120], 8);
      }
    }
    await solid(path.join(lib, 'top.png'), [10, 10, 10], 8);
    const first = await index(false);
    expect(first.embedded).toBeGreaterThan(0);
  });

  afterAll(async () => {
    catalog?.close();
    await encoder?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('finds nothing to do in an unchanged library, as a scan on one thread does', async () => {
    const scan = await compared(spawnScanner);
    // Every folder was done by a worker.
    expect(scan.doneHere).toBe(0);
    const pooled = summaryOf(scan);
    expect(pooled).toEqual(summaryOf(await compared()));
    expect(pooled.scanned).toBe(121);
    expect(pooled.files).toEqual([]);
    expect(pooled.known).toEqual([]);
  });

  it('finds the same changes, in the same order, as a scan on one thread', async () => {
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(lib, 'set-03', 'shot-1.png'), later, later);
    fs.copyFileSync(path.join(lib, 'set-05', 'shot-0.png'), path.join(lib, 'set-05', 'copy.png'));
    fs.rmSync(path.join(lib, 'set-07', 'shot-2.png'));
    fs.rmSync(path.join(lib, 'set-09'), { recursive: true });
    fs.writeFileSync(path.join(lib, 'set-11', 'broken.png'), 'not an image');
    fs.symlinkSync(path.join(lib, 'top.png'), path.join(lib, 'set-12', 'linked.png'));
    fs.symlinkSync(path.join(lib, 'nowhere.png'), path.join(lib, 'set-13', 'dangling.png'));

    const pooled = summaryOf(await compared(spawnScanner));
    expect(pooled).toEqual(summaryOf(await compared()));
    expect(pooled.files.map(([p]) => path.relative(lib, p as string))).toEqual([
      'set-03/shot-1.png',
      'set-05/copy.png',
      'set-11/broken.png',
      'set-12/linked.png',
    ]);
    expect(pooled.known.map((k) => path.relative(lib, k.path))).toEqual([
      'set-03/shot-1.png',
      'set-07/shot-2.png',
      'set-09/shot-0.png',
      'set-09/shot-1.png',
      'set-09/shot-2.png',
    ]);
    expect(pooled.problems).toEqual([
      { path: path.join(lib, 'set-13', 'dangling.png'), reason: 'broken symbolic link' },
    ]);
  });

  it('does the folders of a worker that dies, cannot open the catalog or cannot start, on the main thread', async () => {
    const reference = summaryOf(await compared());
    const dying = path.join(tmp, 'dying.mjs');
    fs.writeFileSync(dying, 'process.exit(3);\n');
    const dies = await compared(nodeWorkerSpawner(new URL(`file://${dying}`)), 2);
    expect(summaryOf(dies)).toEqual(reference);
    expect(dies.doneHere).toBe(40);
    const blind = await compared(spawnScanner, 2, path.join(tmp, 'no-such', 'catalog.db'));
    expect(summaryOf(blind)).toEqual(reference);
    expect(blind.doneHere).toBe(40);
    const none = await compared(() => {
      throw new Error('no threads left');
    }, 2);
    expect(summaryOf(none)).toEqual(reference);
    expect(none.doneHere).toBe(40);
  });

  it('reports a file gone between reading its folder and stat-ing it, with its reason', () => {
    const gone = path.join(lib, 'set-20', 'gone.png');
    const nothing = { stamps: () => [], row: () => undefined };
    const outcome = runFolderJob(
      { dir: path.dirname(gone), names: [path.basename(gone)], linked: [], catalogued: false, expected: null },
      nothing,
      new Set(),
    );
    expect(outcome.problems).toEqual([{ path: gone, reason: 'file vanished during the scan' }]);
    expect(outcome.files).toEqual([]);
  });

  it('indexes the same changes with scan workers as without them', async () => {
    const summary = await index(true);
    // The copy and the link are content the library has; the touched file's bytes did not change.
    expect(summary).toMatchObject({ scanned: 120, embedded: 0, reused: 2, removed: 4 });
    expect(summary.skipped.map((s) => path.relative(lib, s.path)).sort()).toEqual([
      'set-11/broken.png',
      'set-13/dangling.png',
    ]);
    // Now in step: neither scan finds anything to do.
    const again = await index(true);
    expect(again).toMatchObject({ scanned: 120, embedded: 0, removed: 0, moved: 0 });
    expect(summaryOf(await compared(spawnScanner)).files).toEqual(summaryOf(await compared()).files);
  });
});
