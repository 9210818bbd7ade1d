/**
 * The change log and the sync that feeds vector stores from it: renames,
 * changes, deletions and a removed folder all reach the store, and a store
 * that missed everything gets a full sync.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { ChangeLog } from '../../src/main/core/catalog/changeLog';
import { EmbeddedStore } from '../../src/main/core/vectors/embedded/embeddedStore';
import { VectorSync } from '../../src/main/core/vectors/vectorSync';

const model = { id: 'm', dim: 3 };
const unit = (...v: number[]) => {
  const n = Math.hypot(...v);
  return Float32Array.from(v, (x) => x / n);
};

describe('vector sync from the change log', () => {
  let dir: string;
  let catalog: Catalog;
  let log: ChangeLog;
  const put = (p: string, key: string, v: Float32Array, rootId: number) => {
    catalog.putEmbedding(key, model.id, v);
    catalog.putFile({ rootId, path: p, contentKey: key, size: 1, mtimeMs: 1, width: 1, height: 1, format: 'png' });
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-sync-'));
    catalog = Catalog.open(path.join(dir, 'catalog.db'));
    log = new ChangeLog(catalog);
  });
  afterEach(() => {
    catalog.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('replays inserts, renames, changes and deletions, then nothing more', async () => {
    const store = new EmbeddedStore();
    const sync = new VectorSync(log, store);
    const root = catalog.addRoot('/lib');
    put('/lib/red.png', 'k-red', unit(1, 0, 0), root.id);
    put('/lib/green.png', 'k-green', unit(0, 1, 0), root.id);
    expect(await sync.sync(model)).toMatchObject({ upserted: 2, full: true });

    catalog.moveFile('/lib/red.png', { path: '/lib/crimson.png', rootId: root.id, size: 1, mtimeMs: 2 });
    put('/lib/green.png', 'k-blue', unit(0, 0, 1), root.id);
    put('/lib/other.png', 'k-other', unit(1, 1, 0), root.id);
    catalog.deleteFile('/lib/other.png');
    expect(sync.pending(model)).toBeGreaterThan(0);
    const result = await sync.sync(model);
    expect(result).toMatchObject({ full: false, deleted: 2 }); // red.png and other.png
    expect(sync.pending(model)).toBe(0);

    const hits = await store.search(model, unit(1, 0, 0), 5);
    expect(hits.map((h) => h.path)).toEqual(['/lib/crimson.png', '/lib/green.png']);
    const blue = await store.search(model, unit(0, 0, 1), 1);
    expect(blue[0]).toMatchObject({ path: '/lib/green.png' });
    expect(blue[0]!.score).toBeCloseTo(1, 5);
    expect(await sync.sync(model)).toEqual({ upserted: 0, deleted: 0, full: false });
  });

  it('pages through every entry once for a full sync, the files by path and then every video frame', () => {
    const root = catalog.addRoot('/lib');
    for (const name of ['e', 'a', 'd', 'b', 'c']) put(`/lib/${name}.png`, `k-${name}`, unit(1, 0, 0), root.id);
    // A video kept twice (a copy under another name) and a frame with no vector of this model.
    put('/lib/clip.mp4', 'k-video', unit(0, 1, 0), root.id);
    put('/lib/copy.mp4', 'k-video', unit(0, 1, 0), root.id);
    for (const t of [0, 1500, 3000]) {
      catalog.db
        .prepare(`INSERT INTO video_frames (video_key, time_ms, frame_key) VALUES (?, ?, ?)`)
        .run('k-video', t, `f${t}`);
      if (t !== 1500) catalog.putEmbedding(`f${t}`, model.id, unit(0, 0, 1));
    }
    const pages = [...log.allEntries(model.id, 2)];
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2, 1, 2, 2]);
    expect(pages.flat().map((e) => e.path)).toEqual([
      '/lib/a.png',
      '/lib/b.png',
      '/lib/c.png',
      '/lib/clip.mp4',
      '/lib/copy.mp4',
      '/lib/d.png',
      '/lib/e.png',
      '/lib/clip.mp4#t=0.000',
      '/lib/clip.mp4#t=3.000',
      '/lib/copy.mp4#t=0.000',
      '/lib/copy.mp4#t=3.000',
    ]);
  });

  it('removes every file of a removed folder from the store', async () => {
    const store = new EmbeddedStore();
    const sync = new VectorSync(log, store);
    const a = catalog.addRoot('/a');
    const b = catalog.addRoot('/b');
    put('/a/1.png', 'k1', unit(1, 0, 0), a.id);
    put('/b/2.png', 'k2', unit(0, 1, 0), b.id);
    await sync.sync(model);
    expect(catalog.removeRoot('/a')).toBe(1);
    await sync.sync(model);
    expect(await store.count(model)).toBe(1);
    expect((await store.search(model, unit(1, 0, 0), 5)).map((h) => h.path)).toEqual(['/b/2.png']);
  });

  it('gives a store that lost its entries everything again, and filters by folder and format', async () => {
    const root = catalog.addRoot('/lib');
    put('/lib/x/1.png', 'k1', unit(1, 0, 0), root.id);
    put('/lib/y/2.png', 'k2', unit(0.9, 0.1, 0), root.id);
    await new VectorSync(log, new EmbeddedStore()).sync(model);
    const fresh = new EmbeddedStore(); // a restart: the in-memory index is empty, the cursor is not
    const sync = new VectorSync(log, fresh);
    expect(await sync.sync(model)).toMatchObject({ upserted: 2, full: true });
    const inY = await fresh.search(model, unit(1, 0, 0), 5, { folders: ['/lib/y/'] });
    expect(inY.map((h) => h.path)).toEqual(['/lib/y/2.png']);
    expect(await fresh.search(model, unit(1, 0, 0), 5, { formats: ['jpeg'] })).toEqual([]);
  });
});
