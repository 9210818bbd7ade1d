/**
 * The app and `atelier serve` keep a Milvus store in step right after each
 * indexing job and folder removal (not only at the next search), report a
 * store that is down as a `store.status` event and in the settings view, and
 * send what waited once it is back, by themselves, with nothing lost.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Atelier } from '../../src/main/core/app';
import { MilvusStore } from '../../src/main/core/vectors/milvus/milvusStore';
import { solid } from '../helpers/images';
import { type TcpProxy, tcpProxy } from '../helpers/tcpProxy';
import { indexThroughApp, nextEvent, openApp } from './appFixture';
import { describeMilvus, milvusTargets } from './milvusTargets';

describeMilvus('the app keeps Milvus in step after indexing', () => {
  for (const target of milvusTargets()) {
    describe(target.kind, () => {
      let tmp: string;
      let lib: string;
      let proxy: TcpProxy;
      let atelier: Atelier;
      let stopSyncing: () => void;
      let direct: MilvusStore;
      const collection = `appsync_${process.pid}_${target.kind.replace(/\W/g, '_')}`;
      /** What Milvus holds for the color model, read by a client of its own (no proxy). */
      const inMilvus = async () => {
        const model = await atelier.activeModel();
        return direct.count({ id: model!.id, dim: model!.dim });
      };

      beforeEach(async () => {
        tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-appsync-')));
        lib = path.join(tmp, 'lib');
        await solid(path.join(lib, 'red.png'), [220, 25, 25]);
        await solid(path.join(lib, 'blue.png'), [25, 50, 220]);
        proxy = await tcpProxy(Number(new URL(target.uri()).port));
        const uri = `http://127.0.0.1:${proxy.port}`;
        atelier = openApp(path.join(tmp, 'data'), {}, { kind: 'milvus', uri, collection, connectTimeoutMs: 2000 });
        direct = new MilvusStore({ uri: target.uri(), collection });
        // Keeping in step starts with a sync of its own (what an earlier outage left): let it end first.
        const started = nextEvent(atelier, 'store.status', (s) => s.health === 'ok');
        stopSyncing = atelier.storeService.keepInStep();
        await started;
      });
      afterEach(async () => {
        stopSyncing?.();
        const model = await atelier?.activeModel();
        await atelier?.close();
        if (model) await direct?.reset({ id: model.id, dim: model.dim });
        await direct?.close();
        await proxy?.close();
        fs.rmSync(tmp, { recursive: true, force: true });
      });

      it('sends an indexing job’s vectors to Milvus as soon as it ends, and a removed folder’s deletions', async () => {
        const synced = nextEvent(atelier, 'store.status', (s) => s.health === 'ok' && s.pending === 0);
        await indexThroughApp(atelier, lib);
        await synced;
        // No search ran: the vectors reached Milvus because the job ended.
        expect(await inMilvus()).toBe(2);
        const view = (await atelier.handlers.settings.get({})).vectorStore;
        expect(view).toMatchObject({ kind: 'milvus', health: 'ok', pending: 0 });
        expect(view.milvus).toMatchObject({ uri: `http://127.0.0.1:${proxy.port}`, collectionPrefix: collection });

        const emptied = nextEvent(atelier, 'store.status', (s) => s.health === 'ok' && s.pending === 0);
        await atelier.handlers.library.removeFolder({ path: lib });
        await emptied;
        expect(await inMilvus()).toBe(0);
      });

      it('reports Milvus down with what waits, retries with backoff, and sends it all once it is back', async () => {
        const first = nextEvent(atelier, 'store.status', (s) => s.health === 'ok' && s.pending === 0);
        await indexThroughApp(atelier, lib);
        await first;

        await proxy.down();
        await solid(path.join(lib, 'green.png'), [25, 170, 40]);
        const down = nextEvent(atelier, 'store.status', (s) => s.health === 'down');
        await indexThroughApp(atelier, lib);
        const reported = await down;
        const firstDelay = reported.retryAt! - Date.now();
        expect(reported.message).toMatch(/^Milvus at 127\.0\.0\.1:\d+ is not answering \(.+\)\.$/);
        expect(reported.pending).toBe(1);
        expect(reported.retryAt).toBeGreaterThan(Date.now() - 1000);
        expect(await atelier.handlers.store.status({})).toMatchObject({ health: 'down', pending: 1 });

        // A second failed retry waits longer than the first (backoff), and still loses nothing.
        const retried = await nextEvent(
          atelier,
          'store.status',
          (s) => s.health === 'down' && s.retryAt !== reported.retryAt,
        );
        expect(retried.retryAt! - Date.now()).toBeGreaterThan(firstDelay);
        expect(retried.pending).toBe(1);
        expect(await inMilvus()).toBe(2);

        const back = nextEvent(atelier, 'store.status', (s) => s.health === 'ok' && s.pending === 0);
        await proxy.up();
        await back; // by the retry alone: nothing was indexed or searched meanwhile
        expect(await inMilvus()).toBe(3);
        expect(await atelier.handlers.store.status({})).toMatchObject({ health: 'ok', pending: 0 });
      });
    });
  }
});
