/**
 * A collection that is no longer loaded (released by another client, or a
 * Milvus server that restarted) is loaded again by itself: searches and
 * writes keep working without restarting the app, and a search that fails
 * shows in the store's health instead of hiding behind "ok".
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MilvusClient } from '@zilliz/milvus2-sdk-node';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Atelier } from '../../src/main/core/app';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { ChangeLog } from '../../src/main/core/catalog/changeLog';
import { MilvusStore } from '../../src/main/core/vectors/milvus/milvusStore';
import { VectorSync } from '../../src/main/core/vectors/vectorSync';
import { solid } from '../helpers/images';
import { type TcpProxy, tcpProxy } from '../helpers/tcpProxy';
import { indexThroughApp, nextEvent, openApp } from './appFixture';
import { angle, putAtAngle } from './contractData';
import { describeMilvus, milvusTargets } from './milvusTargets';

const model = { id: 'reload-test', dim: 4 };
const target = milvusTargets().find((t) => t.kind === 'milvus-2.3');

describeMilvus('a Milvus collection that is no longer loaded', () => {
  let dir: string;
  let catalog: Catalog;
  let store: MilvusStore | undefined;
  let sync: VectorSync;
  const put = (file: string, deg: number, rootId: number) => putAtAngle(catalog, model.id, file, deg, rootId);
  const paths = async (deg: number) => (await store!.search(model, angle(deg), 10)).map((h) => h.path);
  const open = (uri: string) => {
    store = new MilvusStore({ uri, collection: `reload_${process.pid}_${Date.now()}` });
    sync = new VectorSync(new ChangeLog(catalog), store);
    return store;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-reload-'));
    catalog = Catalog.open(path.join(dir, 'catalog.db'));
  });
  afterEach(async () => {
    await store?.reset(model).catch(() => undefined);
    await store?.close();
    store = undefined;
    catalog.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('loads a collection another client released, and searches and writes on', async () => {
    const s = open(target!.uri());
    const root = catalog.addRoot('/lib');
    put('/lib/a.png', 0, root.id);
    put('/lib/b.png', 40, root.id);
    await sync.sync(model);
    expect(await paths(0)).toEqual(['/lib/a.png', '/lib/b.png']);

    const other = new MilvusClient({ address: target!.uri() });
    try {
      await other.releaseCollection({ collection_name: s.collectionName(model) });
    } finally {
      await other.closeConnection();
    }
    expect(await paths(0)).toEqual(['/lib/a.png', '/lib/b.png']);

    const again = new MilvusClient({ address: target!.uri() });
    try {
      await again.releaseCollection({ collection_name: s.collectionName(model) });
    } finally {
      await again.closeConnection();
    }
    put('/lib/c.png', 80, root.id);
    await sync.sync(model);
    expect(await paths(90)).toEqual(['/lib/c.png', '/lib/b.png', '/lib/a.png']);
  });

  it('shows a search the store failed in its health, and the next one answered', async () => {
    const proxy: TcpProxy = await tcpProxy(Number(new URL(target!.uri()).port));
    const lib = path.join(dir, 'lib');
    await solid(path.join(lib, 'red.png'), [220, 25, 25]);
    await solid(path.join(lib, 'blue.png'), [25, 50, 220]);
    const uri = `http://127.0.0.1:${proxy.port}`;
    const collection = `health_${process.pid}_${Date.now()}`;
    const atelier: Atelier = openApp(path.join(dir, 'data'), {}, { kind: 'milvus', uri, collection });
    try {
      await indexThroughApp(atelier, lib);
      const found = await atelier.handlers.search.query({ text: 'red', limit: 1 });
      expect(found.results.map((r) => path.basename(r.path))).toEqual(['red.png']);
      expect((await atelier.handlers.settings.get({})).vectorStore.health).toBe('ok');

      await proxy.down();
      const down = nextEvent(atelier, 'store.status', (s) => s.health === 'down');
      await expect(atelier.handlers.search.query({ text: 'red', limit: 1 })).rejects.toThrow(/not answering/);
      expect((await down).message).toMatch(/not answering/);
      expect((await atelier.handlers.settings.get({})).vectorStore.health).toBe('down');

      await proxy.up();
      const up = nextEvent(atelier, 'store.status', (s) => s.health === 'ok');
      expect((await atelier.handlers.search.query({ text: 'red', limit: 1 })).results).toHaveLength(1);
      await up;
      expect((await atelier.handlers.settings.get({})).vectorStore.health).toBe('ok');
    } finally {
      await atelier.close();
      await proxy.close();
    }
  });
});
