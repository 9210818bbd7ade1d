/**
 * A re-index compares the scan with the catalog a folder at a time and keeps
 * only what differs. On real folders with the real indexer (SQLite catalog,
 * tiny CLIP on ONNX Runtime): unchanged folders cost nothing, a folder deleted
 * whole takes its files out, a file moved to another folder keeps its row, a
 * file whose vector was dropped is embedded again, and a skip entry for a file
 * still there stays.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { allEmbedded, embeddedKey } from '../../src/main/core/catalog/embeddedMark';
import type { ClipEncoder } from '../../src/main/core/clip/encoderClient';
import { FolderCompare } from '../../src/main/core/indexer/folderCompare';
import { indexFolders } from '../../src/main/core/indexer/indexer';
import { scanFolder } from '../../src/main/core/indexer/scan';
import { fixtureEncoder } from '../helpers/encoder';
import { solid } from '../helpers/images';
import { TINY_MODEL } from '../helpers/paths';

describe('comparing a scan with the catalog a folder at a time', { timeout: 120_000 }, () => {
  let tmp: string;
  let lib: string;
  let encoder: ClipEncoder;
  let catalog: Catalog;
  let jobs = 0;
  const index = () => indexFolders({ catalog, encoder }, { folders: [lib], jobId: `job-${++jobs}` });
  const paths = () =>
    catalog
      .filesUnder(catalog.root(lib)!.id)
      .map((f) => path.relative(lib, f.path))
      .sort();

  beforeAll(async () => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-compare-')));
    lib = path.join(tmp, 'lib');
    encoder = fixtureEncoder(TINY_MODEL);
    catalog = Catalog.open(path.join(tmp, 'data', 'catalog.db'));
    const colors: Array<[number, number, number]> = [
      [200, 20, 20],
      [20, 200, 20],
      [20, 20, 200],
      [200, 200, 20],
      [20, 200, 200],
    ];
    const files = ['a/one.png', 'a/two.png', 'b/c/three.png', 'b/four.png', 'top.png'];
    for (const [i, file] of files.entries()) {
      fs.mkdirSync(path.dirname(path.join(lib, file)), { recursive: true });
      await solid(path.join(lib, file), colors[i]!, 8 + i);
    }
  });

  afterAll(async () => {
    catalog?.close();
    await encoder?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('keeps nothing of an unchanged library, and remembers that every file has a vector', async () => {
    const first = await index();
    expect(first.embedded).toBe(5);
    const root = catalog.root(lib)!;
    expect(allEmbedded(catalog.db, embeddedKey(catalog.db, root.id, encoder.model.id))).toBe(true);

    const compare = new FolderCompare(catalog, root, encoder.model.id, true);
    await scanFolder(lib, { onFolder: compare.folder });
    compare.finish();
    expect(compare.scanned).toBe(5);
    expect(compare.files).toEqual([]);
    expect(compare.known).toEqual([]);

    const again = await index();
    expect(again).toMatchObject({ scanned: 5, embedded: 0, moved: 0, removed: 0, reused: 0 });
  });

  it('takes out the files of a folder deleted whole, and keeps the row of a file moved to another folder', async () => {
    const idOfFour = catalog.fileByPath(path.join(lib, 'b/four.png'))!.id;
    fs.renameSync(path.join(lib, 'b/four.png'), path.join(lib, 'a/four.png'));
    fs.rmSync(path.join(lib, 'b/c'), { recursive: true });

    const summary = await index();
    expect(summary).toMatchObject({ scanned: 4, embedded: 0, moved: 1, removed: 1 });
    expect(paths()).toEqual(['a/four.png', 'a/one.png', 'a/two.png', 'top.png']);
    expect(catalog.fileByPath(path.join(lib, 'a/four.png'))!.id).toBe(idOfFour);
  });

  it("embeds again a file whose model's vector was dropped, though the file did not change", async () => {
    const root = catalog.root(lib)!;
    const key = catalog.fileByPath(path.join(lib, 'top.png'))!.contentKey;
    catalog.db.prepare(`DELETE FROM embeddings WHERE content_key = ?`).run(key);
    // One vector fewer: what was remembered no longer holds.
    expect(allEmbedded(catalog.db, embeddedKey(catalog.db, root.id, encoder.model.id))).toBe(false);

    const summary = await index();
    expect(summary.embedded).toBe(1);
    expect(catalog.hasEmbedding(key, encoder.model.id)).toBe(true);
    expect(allEmbedded(catalog.db, embeddedKey(catalog.db, root.id, encoder.model.id))).toBe(true);
  });

  it('keeps the skip entry of a broken file that is still there, and drops it once the file is gone', async () => {
    const broken = path.join(lib, 'a/broken.png');
    fs.writeFileSync(broken, 'not an image at all');
    const first = await index();
    expect(first.skipped.map((s) => s.path)).toEqual([broken]);

    const second = await index();
    expect(second.skipped).toEqual([{ path: broken, reason: first.skipped[0]!.reason }]);
    expect(catalog.skippedUnder(catalog.root(lib)!.id).map((s) => s.path)).toEqual([broken]);

    fs.rmSync(broken);
    const third = await index();
    expect(third.skipped).toEqual([]);
    expect(catalog.skippedUnder(catalog.root(lib)!.id)).toEqual([]);
  });
});
