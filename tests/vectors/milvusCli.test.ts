/**
 * The Milvus store through the `atelier` command, as a studio uses it, with the
 * `color` model on a real folder: indexing while Milvus is down (clear message,
 * nothing lost), the next run sending what waited, `store migrate` to another
 * collection and back to the embedded index, `store verify` repairing a
 * tampered collection and leaving other workstations' entries alone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MilvusStore } from '../../src/main/core/vectors/milvus/milvusStore';
import { json, runCli } from '../helpers/cli';
import { solid } from '../helpers/images';
import { COLOR_MODEL } from '../helpers/paths';
import { type TcpProxy, tcpProxy } from '../helpers/tcpProxy';
import { entry, randomUnit } from './contractData';
import { describeMilvus, milvusTargets } from './milvusTargets';

interface Results {
  results: Array<{ path: string; score: number }>;
}
interface StoreStatus {
  store: { kind: string; uri?: string; collection?: string };
  health: { ok: boolean };
  models: Array<{ model: string; dim: number; catalog: number; store: number | null; pending: number }>;
}
interface Verified {
  models: Array<{
    missing: number;
    stale: number;
    extra: number;
    foreign: number;
    storeAfter: number;
    catalog: number;
  }>;
}

const target = milvusTargets()[0];

describeMilvus('atelier with a Milvus store', () => {
  let tmp: string;
  let lib: string;
  let data: string;
  let proxy: TcpProxy;
  let uri: string;
  const prefix = `cli_${process.pid}`;
  const cli = (...args: string[]) => runCli([...args, '--data', data, '--model', COLOR_MODEL]);
  const milvus = (...args: string[]) => cli(...args, '--store', 'milvus', '--milvus-uri', uri, '--collection', prefix);
  const names = (r: Results) => r.results.map((h) => path.relative(lib, h.path));

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-milvus-cli-'));
    lib = path.join(tmp, 'library');
    data = path.join(tmp, 'data');
    await solid(path.join(lib, 'colours', 'red.png'), [220, 25, 25]);
    await solid(path.join(lib, 'colours', 'green.jpg'), [25, 170, 40]);
    await solid(path.join(lib, 'colours', 'blue.webp'), [25, 50, 220]);
    await solid(path.join(lib, 'my_refs', 'yellow.png'), [245, 230, 25]);
    proxy = await tcpProxy(Number(new URL(target!.uri()).port));
    uri = `http://127.0.0.1:${proxy.port}`;
  });
  afterAll(async () => {
    await proxy?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('indexes while Milvus is down: says what waits, keeps every vector in the catalog', async () => {
    await proxy.down();
    const r = await milvus('index', lib);
    expect(r.stdout).toMatch(/^Indexed 4 image files: 4 embedded/);
    expect(r.stderr).toBe(
      `atelier: Milvus at 127.0.0.1:${proxy.port} is not answering (connection refused). ` +
        'Vectors waiting to be sent: 4; they go out on the next run.\n',
    );
    expect(r.code).toBe(1);
    const status = await milvus('store', 'status', '--json');
    expect(status.code).toBe(1);
    expect(json<StoreStatus>(status).models).toEqual([
      expect.objectContaining({ catalog: 4, store: null, pending: 4 }),
    ]);
  });

  it('refuses to switch to a Milvus that is down, and says the library stays where it is', async () => {
    const r = await cli('store', 'migrate', '--to', 'milvus', '--milvus-uri', uri, '--collection', prefix);
    expect(r.stderr).toMatch(
      new RegExp(
        `atelier: Milvus at 127\\.0\\.0\\.1:${proxy.port} is not answering \\(connection refused\\)\\. ` +
          'Nothing was switched: Atelier still uses the embedded index\\.\n$',
      ),
    );
    expect(r.code).toBe(1);
    expect(fs.existsSync(path.join(data, 'store.json'))).toBe(false);
  });

  it('sends what waited on the next run once Milvus is back, and searches it there', async () => {
    await proxy.up();
    const r = await milvus('search', 'red', '--json');
    expect(r.stderr).toBe('');
    expect(names(json<Results>(r))[0]).toBe('colours/red.png');
    const underRefs = json<Results>(await milvus('search', 'yellow', '--folder', path.join(lib, 'my_refs'), '--json'));
    expect(names(underRefs)).toEqual(['my_refs/yellow.png']);
    const status = json<StoreStatus>(await milvus('store', 'status', '--json'));
    expect(status.models).toEqual([expect.objectContaining({ catalog: 4, store: 4, pending: 0 })]);
  });

  it('migrates every vector to another collection without re-embedding, and uses it from then on', async () => {
    const r = await cli(
      'store',
      'migrate',
      '--to',
      'milvus',
      '--milvus-uri',
      uri,
      '--collection',
      `${prefix}_b`,
      '--json',
    );
    expect(r.stderr).toMatch(/^Copying 4 vectors of /);
    expect(r.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(data, 'store.json'), 'utf8'))).toEqual({
      kind: 'milvus',
      uri,
      collection: `${prefix}_b`,
    });
    // No store flags: store.json decides.
    const status = json<StoreStatus>(await cli('store', 'status', '--json'));
    expect(status.store).toMatchObject({ kind: 'milvus', collection: `${prefix}_b` });
    expect(status.models).toEqual([expect.objectContaining({ catalog: 4, store: 4, pending: 0 })]);
    expect(names(json<Results>(await cli('search', 'blue', '--json')))[0]).toBe('colours/blue.webp');
  });

  it('verifies: sends what is missing, deletes what the catalog no longer has, leaves other folders alone', async () => {
    const store = new MilvusStore({ uri, collection: `${prefix}_b` });
    const status = json<StoreStatus>(await cli('store', 'status', '--json'));
    const model = { id: status.models[0]!.model, dim: status.models[0]!.dim };
    try {
      await store.delete(model, [path.join(lib, 'colours', 'green.jpg')]);
      await store.upsert(model, [
        entry(path.join(lib, 'colours', 'gone.png'), randomUnit(1, model.dim)),
        entry('/another/workstation/ref.png', randomUnit(2, model.dim)),
      ]);
    } finally {
      await store.close();
    }
    const r = await cli('store', 'verify', '--json');
    expect(r.code).toBe(0);
    expect(json<Verified>(r).models).toEqual([
      expect.objectContaining({ catalog: 4, missing: 1, stale: 0, extra: 1, foreign: 1, storeAfter: 5 }),
    ]);
    const again = await cli('store', 'verify');
    expect(again.stdout).toMatch(/matches the catalog; 1 entries of other folders left alone\./);
  });

  it('migrates back to the embedded index', async () => {
    const r = await cli('store', 'migrate', '--to', 'embedded');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Copied 4 vectors of .*\nAtelier now uses the embedded index/);
    expect(JSON.parse(fs.readFileSync(path.join(data, 'store.json'), 'utf8'))).toEqual({ kind: 'embedded' });
    expect(names(json<Results>(await cli('search', 'green', '--json')))[0]).toBe('colours/green.jpg');
  });
});
