/**
 * A Milvus that checks credentials (Milvus 2.3 with authorization on, its own
 * server for this file): a `user:password` token opens it, and a missing or
 * wrong one is reported as such, not as a server that is down. Credentials
 * written into the URI open it too, and are never saved in store.json nor printed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { probeMilvus } from '../../src/main/core/vectors/milvus/milvusProbe';
import { MilvusStore } from '../../src/main/core/vectors/milvus/milvusStore';
import { json, runCli } from '../helpers/cli';
import { solid } from '../helpers/images';
import { type RunningMilvus, startMilvus } from '../helpers/milvusProcess';
import { COLOR_MODEL } from '../helpers/paths';
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

  it(
    'takes user:password written into the URI as the token, and never saves nor prints it',
    { timeout: 180_000 },
    async () => {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-milvus-uri-auth-'));
      try {
        const lib = path.join(tmp, 'library');
        const data = path.join(tmp, 'data');
        await solid(path.join(lib, 'red.png'), [220, 25, 25]);
        await solid(path.join(lib, 'blue.png'), [25, 50, 220]);
        const cli = (...args: string[]) => runCli([...args, '--data', data, '--model', COLOR_MODEL]);
        const plain = `http://127.0.0.1:${server!.port}`;
        const withCredentials = `http://root:Milvus@127.0.0.1:${server!.port}`;
        const secret = /root:Milvus|:Milvus@/;
        expect((await cli('index', lib)).code).toBe(0);

        const migrated = await cli('store', 'migrate', '--to', 'milvus', '--milvus-uri', withCredentials, '--json');
        expect(migrated.code, migrated.stderr).toBe(0);
        expect(migrated.stdout + migrated.stderr).not.toMatch(secret);
        const storeFile = path.join(data, 'store.json');
        expect(JSON.parse(fs.readFileSync(storeFile, 'utf8'))).toEqual({ kind: 'milvus', uri: plain });
        expect(fs.statSync(storeFile).mode & 0o777).toBe(0o600);

        // Later runs name no store and no token: store.json and the kept token decide.
        const status = await cli('store', 'status', '--json');
        expect(status.stdout + status.stderr).not.toMatch(secret);
        expect(json<{ store: { uri: string }; health: { ok: boolean } }>(status)).toMatchObject({
          store: { uri: plain },
          health: { ok: true },
        });
        const found = json<{ results: Array<{ path: string }> }>(await cli('search', 'red', '--json'));
        expect(found.results[0]!.path).toBe(path.join(lib, 'red.png'));

        // A token given explicitly wins over the URI's.
        const explicit = await cli('store', 'status', '--milvus-uri', withCredentials, '--milvus-token', 'root:wrong');
        expect(explicit.code).toBe(1);
        expect(explicit.stderr).toContain(refused(server!.port));
        expect(explicit.stdout + explicit.stderr).not.toMatch(secret);
        // Nor is the password echoed when the URI itself is wrong.
        const bad = await cli('store', 'status', '--milvus-uri', 'http://root:Milvus@');
        expect(bad.code).toBe(2);
        expect(bad.stderr).toMatch(/Not a Milvus URI: "http:\/\/"/);
        expect(bad.stdout + bad.stderr).not.toMatch(secret);
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    },
  );
});
