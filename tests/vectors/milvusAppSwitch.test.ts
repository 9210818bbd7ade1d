/**
 * The settings screen's store controls through the app's handlers, against real
 * servers: "Test connection" answers (up, down, not a URI), and switching from
 * the embedded index to Milvus and back as a job with progress, copying every
 * vector without re-embedding, saving the choice, keeping the token encrypted
 * and never sending it back, and searching the new store at once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Atelier } from '../../src/main/core/app';
import { MilvusStore } from '../../src/main/core/vectors/milvus/milvusStore';
import type { EventPayload } from '../../src/shared/contract';
import type { StoreSwitchProgress } from '../../src/shared/types';
import { solid } from '../helpers/images';
import { type TcpProxy, tcpProxy } from '../helpers/tcpProxy';
import { indexThroughApp, nextEvent, openApp, readJson, testCipher } from './appFixture';
import { describeMilvus, milvusTargets } from './milvusTargets';

const TOKEN = 'root:Milvus-app-secret';

describeMilvus('switching stores from the app', () => {
  for (const target of milvusTargets()) {
    describe(target.kind, () => {
      let tmp: string;
      let lib: string;
      let data: string;
      let atelier: Atelier;
      let proxy: TcpProxy;
      const collection = `appswitch_${process.pid}_${target.kind.replace(/\W/g, '_')}`;
      /** The images a search finds, best first: red leads for "red", the other two follow. */
      const names = async () =>
        (await atelier.handlers.search.query({ text: 'red', limit: 10 })).results.map((h) => path.basename(h.path));
      const ALL = [
        'red.png',
        expect.stringMatching(/^(green|blue)\.png$/),
        expect.stringMatching(/^(green|blue)\.png$/),
      ];
      const switched = async (to: Parameters<Atelier['handlers']['store']['switch']>[0]) => {
        const progress: StoreSwitchProgress[] = [];
        const stop = atelier.events.on('store.switchProgress', (p) => progress.push(p));
        const stops: Array<() => void> = [stop];
        const end = new Promise<EventPayload<'store.switched'>>((resolve, reject) => {
          stops.push(atelier.events.on('store.switched', resolve));
          stops.push(atelier.events.on('store.switchFailed', (f) => reject(new Error(f.message))));
        });
        try {
          const { jobId } = await atelier.handlers.store.switch(to);
          const ended = await end;
          expect(ended.jobId).toBe(jobId);
          return { end: ended, progress };
        } finally {
          stops.forEach((s) => s());
        }
      };

      beforeAll(async () => {
        tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-appswitch-')));
        lib = path.join(tmp, 'lib');
        data = path.join(tmp, 'data');
        await solid(path.join(lib, 'red.png'), [220, 25, 25]);
        await solid(path.join(lib, 'green.png'), [25, 170, 40]);
        await solid(path.join(lib, 'blue.png'), [25, 50, 220]);
        proxy = await tcpProxy(Number(new URL(target.uri()).port));
        atelier = openApp(data, { secrets: testCipher });
        await indexThroughApp(atelier, lib);
      });
      afterAll(async () => {
        await atelier?.close();
        await proxy?.close();
        fs.rmSync(tmp, { recursive: true, force: true });
      });

      it('tests a connection: up with its version, down, and not a Milvus URI', async () => {
        const up = await atelier.handlers.store.test({ uri: target.uri() });
        expect(up).toEqual({ ok: true, serverVersion: expect.stringMatching(/\d/) as string });
        await proxy.down();
        const down = await atelier.handlers.store.test({ uri: `http://127.0.0.1:${proxy.port}` });
        expect(down).toEqual({
          ok: false,
          reason: 'down',
          message: `Milvus at 127.0.0.1:${proxy.port} is not answering (connection refused).`,
        });
        await proxy.up();
        expect(await atelier.handlers.store.test({ uri: target.uri().replace('http:', 'https:') })).toMatchObject({
          ok: false,
          reason: 'tls',
          message: expect.stringMatching(/TLS handshake failed\)\. Check the URI scheme/) as string,
        });
        expect(await atelier.handlers.store.test({ uri: 'ftp://studio' })).toMatchObject({
          ok: false,
          reason: 'invalid',
          message: expect.stringMatching(/Not a Milvus URI/) as string,
        });
      });

      it('refuses a switch to a server that is down, and keeps the embedded index', async () => {
        await proxy.down();
        const failed = nextEvent(atelier, 'store.switchFailed');
        await atelier.handlers.store.switch({ kind: 'milvus', uri: `http://127.0.0.1:${proxy.port}` });
        expect((await failed).message).toMatch(/not answering .*Nothing was switched: Atelier still uses the embedded/);
        await proxy.up();
        expect(fs.existsSync(path.join(data, 'store.json'))).toBe(false);
        expect((await atelier.handlers.store.status({})).kind).toBe('embedded');
        expect(await names()).toEqual(ALL);
      });

      it('switches to Milvus: copies every vector with progress, saves the choice, searches Milvus', async () => {
        const uri = `http://127.0.0.1:${proxy.port}`;
        const { end, progress } = await switched({ kind: 'milvus', uri, token: TOKEN, collection });
        expect(progress.at(-1)).toMatchObject({ done: 3, total: 3 });
        expect(end.store).toMatchObject({ kind: 'milvus', health: 'ok', pending: 0 });
        expect(end.store.milvus).toEqual({ uri, database: 'default', collectionPrefix: collection, tokenSet: true });
        expect(readJson(path.join(data, 'store.json'))).toEqual({ kind: 'milvus', uri, collection });
        // The token is kept encrypted, and never comes back to the renderer.
        const settingsFile = fs.readFileSync(path.join(data, 'settings.json'), 'utf8');
        expect(settingsFile).not.toContain(TOKEN);
        expect(JSON.stringify(await atelier.handlers.settings.get({}))).not.toContain(TOKEN);
        expect(JSON.stringify(end)).not.toContain(TOKEN);

        // The live app now searches Milvus: take Milvus away and the search says so.
        const model = (await atelier.activeModel())!;
        const direct = new MilvusStore({ uri: target.uri(), collection });
        try {
          expect(await direct.count({ id: model.id, dim: model.dim })).toBe(3);
          expect(await names()).toEqual(ALL);
          await proxy.down();
          await expect(names()).rejects.toThrow(/Milvus at 127\.0\.0\.1:\d+ is not answering/);
          await proxy.up();
        } finally {
          await direct.close();
        }

        // A restart uses Milvus with the kept token, without being told again.
        await atelier.close();
        atelier = openApp(data, { secrets: testCipher });
        expect(await atelier.handlers.store.status({})).toMatchObject({
          kind: 'milvus',
          health: 'ok',
          milvus: { uri, tokenSet: true },
        });
        expect(await names()).toEqual(ALL);
      });

      it('switches back to the embedded index, copying what Milvus had from the catalog', async () => {
        const { end, progress } = await switched({ kind: 'embedded' });
        expect(progress.at(-1)).toMatchObject({ done: 3, total: 3 });
        expect(end.store).toEqual({ kind: 'embedded', health: 'ok', pending: 0 });
        expect(readJson(path.join(data, 'store.json'))).toEqual({ kind: 'embedded' });
        await proxy.down(); // the embedded index does not need Milvus
        expect(await names()).toEqual(ALL);
        await proxy.up();
        await expect(async () => atelier.handlers.store.switch({ kind: 'embedded' })).rejects.toThrow(
          /already uses the embedded/,
        );
      });
    });
  }
});
