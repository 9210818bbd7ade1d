/**
 * The change log does not grow without bound: once every store has applied
 * its changes they are deleted, and a store left behind for long (a Milvus
 * configured once and unused since) is no longer waited for; its next sync
 * notices the missing changes and ends with exactly the catalog's entries.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { ChangeLog } from '../../src/main/core/catalog/changeLog';
import { EmbeddedStore } from '../../src/main/core/vectors/embedded/embeddedStore';
import { MilvusStore } from '../../src/main/core/vectors/milvus/milvusStore';
import type { VectorStore } from '../../src/main/core/vectors/vectorStore';
import { VectorSync } from '../../src/main/core/vectors/vectorSync';
import { randomUnit } from './contractData';
import { describeMilvus, milvusTargets } from './milvusTargets';

const model = { id: 'prune-test', dim: 8 };
const retention = { batch: 10, keep: 50 };
const target = milvusTargets()[0];

describeMilvus('the change log, pruned once every store has applied it', () => {
  let dir: string;
  let catalog: Catalog;
  let log: ChangeLog;
  let local: EmbeddedStore;
  let shared: MilvusStore;
  let rootId: number;
  let seed = 0;
  const put = (file: string) => {
    const key = `k-${++seed}`;
    catalog.putEmbedding(key, model.id, randomUnit(seed, model.dim));
    catalog.putFile({
      rootId,
      path: file,
      contentKey: key,
      size: 1,
      mtimeMs: seed,
      width: 2,
      height: 2,
      format: 'png',
    });
  };
  const logged = () => log.countSince(0);
  const held = async (store: VectorStore) => {
    const out = new Map<string, string>();
    for await (const page of store.keys!(model)) for (const k of page) out.set(k.path, k.contentKey);
    return [...out].sort();
  };
  const expected = () => [...log.entryKeys(model.id)].sort();

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-prune-'));
    catalog = Catalog.open(path.join(dir, 'catalog.db'));
    log = new ChangeLog(catalog);
    rootId = catalog.addRoot('/lib').id;
    local = new EmbeddedStore();
    shared = new MilvusStore({ uri: target!.uri(), collection: `prune_${process.pid}_${Date.now()}` });
  });
  afterEach(async () => {
    await shared.reset(model).catch(() => undefined);
    await Promise.all([local.close(), shared.close()]);
    catalog.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shrinks once every store applied the changes, and a store left far behind still ends right', async () => {
    const often = new VectorSync(log, local, { retention });
    const rarely = new VectorSync(log, shared, { retention });
    catalog.transaction(() => {
      for (let i = 0; i < 30; i++) put(`/lib/a${i}.png`);
    });
    await often.sync(model);
    await rarely.sync(model);
    expect(logged()).toBe(0);

    // Changes Milvus has not applied yet are kept, however often the embedded store syncs.
    catalog.transaction(() => {
      for (let i = 0; i < 6; i++) catalog.deleteFile(`/lib/a${i}.png`);
      for (let i = 0; i < 6; i++) put(`/lib/b${i}.png`);
    });
    await often.sync(model);
    expect(logged()).toBe(12);
    await rarely.sync(model);
    expect(logged()).toBe(0);

    // Milvus left unused while the library changes a lot: the log no longer waits for it.
    catalog.moveFile('/lib/a10.png', { path: '/lib/moved.png', rootId, size: 1, mtimeMs: 1 });
    put('/lib/a11.png'); // new content at the same path
    for (let round = 0; round < 4; round++) {
      catalog.transaction(() => {
        for (let i = 0; i < 20; i++) put(`/lib/round${round}-${i}.png`);
        catalog.deleteFile(`/lib/a${12 + round}.png`);
      });
      await often.sync(model);
    }
    expect(logged()).toBeLessThan(retention.batch);
    expect(await held(local)).toEqual(expected());

    const result = await rarely.sync(model);
    expect(result.full).toBe(true);
    expect(await held(shared)).toEqual(expected());
    expect(rarely.pending(model)).toBe(0);
  });
});
