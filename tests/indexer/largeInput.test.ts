/**
 * Bad input at scale, on real folders with the real indexer (SQLite catalog,
 * tiny CLIP on ONNX Runtime): a folder with 200,000 files directly in it, a
 * path of 4,000 bytes, a tree 200 levels deep, and a folder that disappears
 * in the middle of a scan, which is reported with its reason and costs the
 * catalog nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import type { ClipEncoder } from '../../src/main/core/clip/encoderClient';
import { indexFolders } from '../../src/main/core/indexer/indexer';
import { scanFolder } from '../../src/main/core/indexer/scan';
import { watchTree } from '../../src/main/core/indexer/treeWatch';
import { fixtureEncoder } from '../helpers/encoder';
import { solid } from '../helpers/images';
import { TINY_MODEL } from '../helpers/paths';

describe('large and odd libraries', { timeout: 180_000 }, () => {
  let tmp: string;
  let encoder: ClipEncoder;
  let catalog: Catalog;
  let jobs = 0;
  const index = (folders: string[], onScanning?: () => void) =>
    indexFolders(
      { catalog, encoder },
      {
        folders,
        jobId: `job-${++jobs}`,
        onProgress: (p) => {
          if (p.phase === 'scanning') onScanning?.();
        },
      },
    );

  beforeAll(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-large-')));
    encoder = fixtureEncoder(TINY_MODEL);
    catalog = Catalog.open(path.join(tmp, 'data', 'catalog.db'));
  });

  afterAll(async () => {
    catalog?.close();
    await encoder?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('scans a folder of 200,000 files, each with its size, and lets the event loop turn meanwhile', async () => {
    const dir = path.join(tmp, 'flat');
    fs.mkdirSync(dir);
    await solid(path.join(tmp, 'one.png'), [200, 30, 30], 8);
    const size = fs.statSync(path.join(tmp, 'one.png')).size;
    // Hard links: 200,000 names, a few files' worth of disk (a file takes at most 65,000 links on ext4).
    const sources = [0, 1, 2, 3].map((k) => path.join(tmp, `source-${k}.png`));
    for (const source of sources) fs.copyFileSync(path.join(tmp, 'one.png'), source);
    for (let i = 0; i < 200_000; i++) fs.linkSync(sources[i % 4]!, path.join(dir, `f${i}.png`));

    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const result = await scanFolder(dir);
    ticking = false;

    expect(result.problems).toEqual([]);
    expect(result.files).toHaveLength(200_000);
    expect(result.files.every((f) => f.size === size)).toBe(true);
    expect(new Set(result.files.map((f) => f.path)).size).toBe(200_000);
    // The scan gives the loop a turn every few thousand files: a window that asked for a
    // redraw, or a search that came in, waited for a slice of the scan, not for all of it.
    expect(turns).toBeGreaterThanOrEqual(50);
    fs.rmSync(dir, { recursive: true });
  });

  it('indexes and finds again an image whose path is 4,000 bytes long', async () => {
    const lib = path.join(tmp, 'long');
    let dir = lib;
    while (Buffer.byteLength(dir) < 4000 - 250 - 10) dir = path.join(dir, 'd'.repeat(200));
    const file = path.join(dir, `${'n'.repeat(4000 - Buffer.byteLength(dir) - 1 - 4)}.png`);
    expect(Buffer.byteLength(file)).toBe(4000);
    await solid(file, [30, 200, 30], 16);

    const first = await index([lib]);
    expect(first.skipped).toEqual([]);
    expect(first.embedded).toBe(1);
    expect(catalog.fileByPath(file)?.size).toBe(fs.statSync(file).size);
    const again = await index([lib]);
    expect({ embedded: again.embedded, removed: again.removed, scanned: again.scanned }).toEqual({
      embedded: 0,
      removed: 0,
      scanned: 1,
    });
  });

  it('indexes a tree 200 folders deep and watches its deepest folder', async () => {
    const lib = path.join(tmp, 'deep');
    const levels = Array.from({ length: 200 }, (_, i) => `l${i}`);
    const deepest = path.join(lib, ...levels);
    fs.mkdirSync(deepest, { recursive: true });
    await solid(path.join(lib, 'l0', 'top.png'), [30, 30, 200], 16);
    await solid(path.join(deepest, 'bottom.png'), [200, 200, 30], 16);

    const summary = await index([lib]);
    expect(summary.skipped).toEqual([]);
    expect(summary.embedded).toBe(2);
    expect(catalog.fileByPath(path.join(deepest, 'bottom.png'))).toBeDefined();

    const seen: string[] = [];
    const watch = watchTree(lib, {
      onChange: (rel) => rel && seen.push(rel),
      onError: (err) => seen.push(err.message),
    });
    try {
      await watch.ready;
      fs.writeFileSync(path.join(deepest, 'new.png'), 'x');
      await expect.poll(() => seen).toContain(path.join(...levels, 'new.png'));
    } finally {
      watch.close();
    }
  });

  it('fails a folder that disappears mid-scan with its reason, indexes the rest and keeps its catalog entries', async () => {
    const lib = path.join(tmp, 'share');
    await solid(path.join(lib, 'a', 'a1.png'), [10, 100, 200], 16);
    await solid(path.join(lib, 'b', 'b1.png'), [200, 100, 10], 16);
    await solid(path.join(lib, 'b', 'b2.png'), [100, 200, 10], 16);
    expect((await index([lib])).embedded).toBe(3);
    await solid(path.join(lib, 'a', 'a2.png'), [10, 200, 100], 16);

    // The scan reports its first file from a/ (sorted before b/); b/ goes away at that moment.
    let gone = false;
    const summary = await index([lib], () => {
      if (gone) return;
      fs.renameSync(path.join(lib, 'b'), path.join(tmp, 'b-away'));
      gone = true;
    });
    expect(gone).toBe(true);
    expect(summary.skipped).toEqual([{ path: path.join(lib, 'b'), reason: 'folder vanished during the scan' }]);
    expect(summary.embedded).toBe(1); // a2, the rest of the library
    expect(summary.removed).toBe(0);
    for (const name of ['b/b1.png', 'b/b2.png']) expect(catalog.fileByPath(path.join(lib, name))).toBeDefined();

    // Back again: nothing to redo; its files never left.
    fs.renameSync(path.join(tmp, 'b-away'), path.join(lib, 'b'));
    const back = await index([lib]);
    expect({ embedded: back.embedded, removed: back.removed, skipped: back.skipped }).toEqual({
      embedded: 0,
      removed: 0,
      skipped: [],
    });
  });
});
