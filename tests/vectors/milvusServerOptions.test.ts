/**
 * How Atelier reaches a studio's Milvus: TLS with a private CA, a database of
 * its own, a collection it did not make, and an idle connection that the
 * server must not cut (milvus-lite's Python gRPC refuses idle keepalive pings).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MilvusClient } from '@zilliz/milvus2-sdk-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { clientConfig } from '../../src/main/core/vectors/milvus/milvusConnection';
import { MilvusStore } from '../../src/main/core/vectors/milvus/milvusStore';
import { type Certificates, makeCertificates, tlsProxy } from '../helpers/tls';
import { angle, entry } from './contractData';
import { describeMilvus, milvusTargets } from './milvusTargets';

describeMilvus('Milvus connection options', () => {
  let tmp: string;
  let certs: Certificates;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-milvus-tls-'));
    certs = makeCertificates(tmp);
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  for (const target of milvusTargets()) {
    describe(target.kind, () => {
      const port = () => Number(new URL(target.uri()).port);
      const model = { id: `options-${process.pid}`, dim: 4 };

      it('speaks TLS to a server with a private CA, and says why when the certificate is not trusted', async () => {
        const proxy = await tlsProxy(port(), certs);
        const uri = `https://127.0.0.1:${proxy.port}`;
        const trusted = new MilvusStore({ uri, tls: { rootCertPath: certs.caPath }, collection: `tls_${process.pid}` });
        const untrusted = new MilvusStore({ uri, connectTimeoutMs: 3000 });
        const plain = new MilvusStore({ uri: `http://127.0.0.1:${proxy.port}`, connectTimeoutMs: 3000 });
        try {
          await trusted.upsert(model, [entry('/lib/tls.png', angle(0))]);
          expect((await trusted.search(model, angle(0), 1))[0]).toMatchObject({ path: '/lib/tls.png' });
          expect((await untrusted.health()).message).toMatch(
            new RegExp(`^Milvus at 127\\.0\\.0\\.1:${proxy.port} is not answering \\(TLS handshake failed\\)`),
          );
          expect((await plain.health()).message).toMatch(/^Milvus at .* is not answering \(/);
        } finally {
          await Promise.all([trusted.close(), untrusted.close(), plain.close()]);
          await proxy.close();
        }
      });

      it('keeps its collections in the database it is given, created on first use', async () => {
        const inDb = new MilvusStore({ uri: target.uri(), database: `atelier_${process.pid}`, collection: 'db' });
        const inDefault = new MilvusStore({ uri: target.uri(), collection: 'db' });
        try {
          await inDb.upsert(model, [entry('/lib/in-db.png', angle(0))]);
          expect(await inDb.count(model)).toBe(1);
          expect(await inDefault.count(model)).toBe(0);
          expect(inDb.name).not.toBe(inDefault.name); // two stores, two cursors in the change log
        } finally {
          await Promise.all([inDb.close(), inDefault.close()]);
        }
      });

      it('refuses to write into a collection of the same name made for another dimension', async () => {
        const store = new MilvusStore({ uri: target.uri(), collection: `dims_${process.pid}` });
        try {
          await store.upsert({ id: 'shared-name', dim: 4 }, [entry('/lib/a.png', angle(0, 4))]);
          await expect(store.upsert({ id: 'shared-name', dim: 8 }, [entry('/lib/b.png', angle(0, 8))])).rejects.toThrow(
            /was not made by Atelier for model shared-name \(its vectors have 4 dimensions, the model 8\)/,
          );
        } finally {
          await store.close();
        }
      });

      it('makes a collection someone dropped again on the next write, and asks for a full sync', async () => {
        const store = new MilvusStore({ uri: target.uri(), collection: `dropped_${process.pid}` });
        // Atelier's own channel settings: the SDK's defaults would upset milvus-lite (see the idle test).
        const admin = new MilvusClient(clientConfig({ uri: target.uri() }));
        try {
          await store.upsert(model, [entry('/lib/a.png', angle(0))]);
          await admin.dropCollection({ collection_name: store.collectionName(model) });
          expect(await store.needsFullSync(model)).toBe(true);
          await store.upsert(model, [entry('/lib/b.png', angle(0))]);
          expect(await store.count(model)).toBe(1);
          expect(await store.needsFullSync(model)).toBe(false);
        } finally {
          await Promise.all([store.close(), admin.closeConnection()]);
        }
      });

      it.runIf(target.kind === 'milvus-lite')(
        'keeps an idle connection: no keepalive pings the server refuses',
        async () => {
          const errors = vi.spyOn(console, 'error');
          const store = new MilvusStore({ uri: target.uri(), collection: `idle_${process.pid}` });
          try {
            await store.upsert(model, [entry('/lib/idle.png', angle(0))]);
            // With the SDK's defaults (a ping every 10 s, even idle) the server sends GOAWAY after ~30 s.
            await new Promise((r) => setTimeout(r, 40_000));
            expect(await store.count(model)).toBe(1);
            const complaints = errors.mock.calls.map((c) => c.join(' ')).filter((l) => /ping|GOAWAY/i.test(l));
            expect(complaints).toEqual([]);
          } finally {
            errors.mockRestore();
            await store.close();
          }
        },
        90_000,
      );
    });
  }
});
