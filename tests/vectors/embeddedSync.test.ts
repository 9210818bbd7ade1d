/**
 * The embedded store fed from a real catalog through its change log, on disk:
 * what changed while the store was closed reaches its saved index by an
 * incremental sync (no rebuild, no full sync), and a store whose folder was
 * lost gets every entry again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { ChangeLog } from '../../src/main/core/catalog/changeLog';
import { EmbeddedStore } from '../../src/main/core/vectors/embedded/embeddedStore';
import { VectorSync } from '../../src/main/core/vectors/vectorSync';
import { bruteForce, DIM, entries, recall } from './embeddedFixtures';

const model = { id: 'clip-test', dim: DIM };
const library = entries(0, 1500);

describe('embedded store synced from the catalog', () => {
  let dir: string;
  let catalog: Catalog;
  let log: ChangeLog;
  const stores: EmbeddedStore[] = [];
  const open = () => {
    const s = new EmbeddedStore({ dir: path.join(dir, 'vectors'), exactThreshold: 100, saveEvery: 1_000_000 });
    stores.push(s);
    return s;
  };
  const put = (p: string, key: string, vector: Float32Array, rootId: number) => {
    catalog.putEmbedding(key, model.id, vector);
    catalog.putFile({ rootId, path: p, contentKey: key, size: 1, mtimeMs: 1, width: 10, height: 10, format: 'png' });
  };
  const top = async (s: EmbeddedStore, v: Float32Array) => (await s.search(model, v, 1))[0];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-embedded-sync-'));
    catalog = Catalog.open(path.join(dir, 'catalog.db'));
    log = new ChangeLog(catalog);
    const root = catalog.addRoot('/lib');
    catalog.transaction(() => library.forEach((e) => put(e.path, e.contentKey, e.vector, root.id)));
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    catalog.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('brings a saved index up to date with what changed while it was closed, without a rebuild', async () => {
    const first = open();
    expect(await new VectorSync(log, first).sync(model)).toMatchObject({ full: true, upserted: 1500 });
    await first.flush(model);
    await first.close();

    const root = catalog.root('/lib')!;
    const [moved, gone, changed] = [library[10]!, library[20]!, library[30]!];
    catalog.moveFile(moved.path, { path: '/lib/big/renamed.png', rootId: root.id, size: 1, mtimeMs: 2 });
    catalog.deleteFile(gone.path);
    put('/lib/big/new.png', 'k-new', library[40]!.vector, root.id);
    put(changed.path, 'k-changed', library[50]!.vector, root.id);
    catalog.deleteOrphanEmbeddings();

    const s = open();
    const result = await new VectorSync(log, s).sync(model);
    expect(result).toMatchObject({ full: false, deleted: 2 }); // the old name and the deleted file
    await s.indexed(model);
    expect(await s.stats(model)).toMatchObject({ index: 'hnsw', indexSource: 'loaded', indexBuilds: 0 });
    expect(await s.count(model)).toBe(catalog.fileCount());

    expect(await top(s, moved.vector)).toMatchObject({ path: '/lib/big/renamed.png' });
    expect((await s.search(model, gone.vector, 5)).map((h) => h.path)).not.toContain(gone.path);
    const twins = (await s.search(model, library[40]!.vector, 2)).map((h) => h.path).sort();
    expect(twins).toEqual(['/lib/big/new.png', library[40]!.path].sort());
    expect((await s.search(model, changed.vector, 5)).map((h) => h.path)).not.toContain(changed.path);
    expect((await s.search(model, library[50]!.vector, 2)).map((h) => h.path)).toContain(changed.path);
  });

  it('gets every entry again when its folder was deleted', async () => {
    const first = open();
    await new VectorSync(log, first).sync(model);
    await first.flush(model);
    await first.close();
    fs.rmSync(path.join(dir, 'vectors'), { recursive: true });

    const s = open();
    expect(await new VectorSync(log, s).sync(model)).toMatchObject({ full: true, upserted: 1500 });
    await s.indexed(model);
    expect(await s.stats(model)).toMatchObject({ indexSource: 'built', indexed: 1500 });
    let total = 0;
    for (const e of library.slice(0, 20)) {
      total += recall(await s.search(model, e.vector, 10), bruteForce(library, e.vector, 10));
    }
    expect(total / 20).toBeGreaterThanOrEqual(0.98);
  });

  it('sees what another store on the same folder (another process) synced since, in its index too', async () => {
    // Two stores on one folder, each with its own SQLite connections: what two processes have.
    const served = open();
    const other = open();
    await new VectorSync(log, served).sync(model);
    await served.indexed(model);
    const gone = library[20]!;
    expect(await top(served, gone.vector)).toMatchObject({ path: gone.path });

    const root = catalog.root('/lib')!;
    const fresh = entries(1500, 2);
    catalog.deleteFile(gone.path);
    fresh.forEach((e) => put(e.path, e.contentKey, e.vector, root.id));
    await new VectorSync(log, other).sync(model);
    // The cursor moved for both: the first store's own sync has nothing left to send.
    expect(await new VectorSync(log, served).sync(model)).toEqual({ upserted: 0, deleted: 0, full: false });

    const check = async () => {
      expect(await served.count(model)).toBe(catalog.fileCount());
      expect((await served.search(model, gone.vector, 5)).map((h) => h.path)).not.toContain(gone.path);
      for (const e of fresh) expect(await top(served, e.vector)).toMatchObject({ path: e.path });
    };
    await check();
    await served.indexed(model);
    expect(await served.stats(model)).toMatchObject({ index: 'hnsw', indexed: catalog.fileCount(), indexLag: 0 });
    await check();
  });
});
