/**
 * Nothing is lost while Milvus is down: the catalog's change log keeps what
 * the store has not accepted, the user is told so in one clear sentence, and
 * the next sync after the server is back sends it — also to a client that was
 * connected before the outage, without a restart.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { ChangeLog } from '../../src/main/core/catalog/changeLog';
import { MilvusStore } from '../../src/main/core/vectors/milvus/milvusStore';
import { VectorSync } from '../../src/main/core/vectors/vectorSync';
import { type TcpProxy, tcpProxy } from '../helpers/tcpProxy';
import { angle, putAtAngle } from './contractData';
import { describeMilvus, milvusTargets } from './milvusTargets';

describeMilvus('Milvus outages', () => {
  for (const target of milvusTargets()) {
    describe(target.kind, () => {
      const model = { id: `outage-${process.pid}-${target.kind}`, dim: 4 };
      let dir: string;
      let catalog: Catalog;
      let proxy: TcpProxy;
      let store: MilvusStore;
      let sync: VectorSync;
      const put = (file: string, deg: number, rootId: number) => putAtAngle(catalog, model.id, file, deg, rootId);
      const paths = async (deg: number) => (await store.search(model, angle(deg), 10)).map((h) => h.path);

      beforeEach(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-outage-'));
        catalog = Catalog.open(path.join(dir, 'catalog.db'));
        proxy = await tcpProxy(Number(new URL(target.uri()).port));
        store = new MilvusStore({ uri: `http://127.0.0.1:${proxy.port}`, collection: `outage_${Date.now()}` });
        sync = new VectorSync(new ChangeLog(catalog), store);
      });
      afterEach(async () => {
        await store?.close();
        await proxy?.close();
        catalog?.close();
        fs.rmSync(dir, { recursive: true, force: true });
      });

      it('says what waits in the catalog while Milvus is down, and sends it when it is back', async () => {
        await proxy.down();
        const root = catalog.addRoot('/lib');
        put('/lib/a.png', 0, root.id);
        put('/lib/b.png', 40, root.id);
        put('/lib/c.png', 80, root.id);
        const started = Date.now();
        await expect(sync.sync(model)).rejects.toThrow(
          `Milvus at 127.0.0.1:${proxy.port} is not answering (connection refused). ` +
            'Vectors waiting to be sent: 3; they go out on the next run.',
        );
        expect(Date.now() - started).toBeLessThan(15_000);
        expect(sync.pending(model)).toBe(3);
        expect((await store.health()).message).toMatch(/not answering \(connection refused\)/);

        await proxy.up();
        expect(await sync.sync(model)).toMatchObject({ upserted: 3, full: true });
        expect(sync.pending(model)).toBe(0);
        expect(await paths(0)).toEqual(['/lib/a.png', '/lib/b.png', '/lib/c.png']);
        expect(await store.health()).toEqual({ ok: true });
      });

      it('keeps a connected store working across an outage: changes made meanwhile go out after', async () => {
        const root = catalog.addRoot('/lib');
        put('/lib/a.png', 0, root.id);
        put('/lib/b.png', 40, root.id);
        await sync.sync(model);

        await proxy.down();
        catalog.moveFile('/lib/a.png', { path: '/lib/renamed.png', rootId: root.id, size: 1, mtimeMs: 2 });
        catalog.deleteFile('/lib/b.png');
        put('/lib/new.png', 90, root.id);
        await expect(sync.sync(model)).rejects.toThrow(/is not answering .* Vectors waiting to be sent: \d+;/);
        await expect(store.search(model, angle(0), 5)).rejects.toThrow(/not answering/);
        expect(sync.pending(model)).toBeGreaterThan(0);

        await proxy.up();
        expect(await sync.sync(model)).toMatchObject({ full: false, upserted: 2, deleted: 2 });
        expect(await paths(0)).toEqual(['/lib/renamed.png', '/lib/new.png']);
        expect(await store.count(model)).toBe(2);
      });
    });
  }
});
