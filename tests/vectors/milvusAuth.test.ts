/**
 * A Milvus that checks credentials (Milvus 2.3 with authorization on, its own
 * server for this file): a `user:password` token opens it, and a missing or
 * wrong one is reported as such, not as a server that is down.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { probeMilvus } from '../../src/main/core/vectors/milvus/milvusProbe';
import { MilvusStore } from '../../src/main/core/vectors/milvus/milvusStore';
import { startMilvus, type RunningMilvus } from '../helpers/milvusProcess';
import { angle, entry } from './contractData';
import { describeMilvus } from './milvusTargets';

describeMilvus('Milvus 2.3 with authentication', () => {
  let server: RunningMilvus | undefined;
  const model = { id: 'auth', dim: 4 };
  const refused = (port: number) =>
    `Milvus at 127.0.0.1:${port} refused the credentials while trying to connect: ` +
    'check --milvus-token or ATELIER_MILVUS_TOKEN (user:password or an API key).';

  beforeAll(async () => {
    server = await startMilvus('milvus-2.3', ['--authorization-enabled', 'true']);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('works with the right user:password token', async () => {
    const store = new MilvusStore({ uri: server!.uri, token: 'root:Milvus' });
    try {
      await store.upsert(model, [entry('/lib/a.png', angle(0))]);
      expect(await store.count(model)).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('answers "Test connection" with the reason: credentials refused, or reachable with the right token', async () => {
    const message =
      `Milvus at 127.0.0.1:${server!.port} refused the credentials: ` +
      'check the token (user:password or an API key).';
    for (const token of ['root:wrong', undefined]) {
      expect(await probeMilvus({ uri: server!.uri, ...(token ? { token } : {}) })).toEqual({
        ok: false,
        reason: 'auth',
        message,
      });
    }
    expect(await probeMilvus({ uri: server!.uri, token: 'root:Milvus' })).toEqual({
      ok: true,
      serverVersion: expect.stringMatching(/^v?2\.3/) as string,
    });
  });

  it('says the credentials were refused when the token is wrong or missing', async () => {
    for (const token of ['root:wrong', undefined]) {
      const store = new MilvusStore({ uri: server!.uri, ...(token ? { token } : {}) });
      try {
        await expect(store.count(model)).rejects.toThrow(refused(server!.port));
        expect(await store.health()).toEqual({ ok: false, message: refused(server!.port) });
      } finally {
        await store.close();
      }
    }
  });
});
