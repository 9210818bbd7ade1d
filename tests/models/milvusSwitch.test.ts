/**
 * Switching models with the vectors in Milvus (one collection per model): the
 * CLI switches while searches keep answering from the old model's collection,
 * the new collection is filled before searches move to it, and removing the old
 * model's vectors drops its collection. The switch is held at a known point by
 * a lease this test takes on one of the library's folders.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MilvusClient } from '@zilliz/milvus2-sdk-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { IndexLeases, type LeaseOwner } from '../../src/main/core/catalog/indexLeases';
import { collectionName } from '../../src/main/core/vectors/milvus/milvusOptions';
import type { LibraryStatus } from '../../src/shared/types';
import { json, runCli, startCli } from '../helpers/cli';
import { solid } from '../helpers/images';
import { COLOR_MODEL, TINY_MODEL } from '../helpers/paths';
import { describeMilvus, milvusTargets } from '../vectors/milvusTargets';

interface Results {
  results: Array<{ path: string; score: number }>;
}
interface StoreStatus {
  models: Array<{ model: string; catalog: number; store: number | null }>;
}

const target = milvusTargets()[0];

describeMilvus('switching models with a Milvus store', () => {
  let tmp: string;
  let data: string;
  let first: string;
  let held: string;
  let uri: string;
  const prefix = `switch_${process.pid}`;
  const store = () => ['--store', 'milvus', '--milvus-uri', uri, '--collection', prefix];
  const cli = (...args: string[]) => runCli([...args, '--data', data, '--json', ...store()]);
  const status = async () => json<LibraryStatus>(await cli('status'));
  const searchRed = async () => {
    // By looks alone: the score is then the colour model's cosine, which tells its vectors from the other model's.
    const r = await cli('search', 'red', '--visual-only', '--limit', '10');
    expect(r.code, r.stderr).toBe(0);
    return json<Results>(r).results;
  };

  beforeAll(async () => {
    uri = target!.uri();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-milvus-switch-'));
    data = path.join(tmp, 'data');
    first = path.join(fs.realpathSync(tmp), 'first');
    held = path.join(fs.realpathSync(tmp), 'held');
    await solid(path.join(first, 'red.png'), [220, 25, 25]);
    await solid(path.join(first, 'blue.png'), [25, 50, 220]);
    await solid(path.join(held, 'green.png'), [25, 170, 40]);
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it(
    'searches answer from the old collection during the switch, then from the new one; remove-vectors drops the old',
    { timeout: 300_000 },
    async () => {
      const tiny = json<{ model: { id: string } }>(await cli('models', 'import', TINY_MODEL)).model.id;
      const color = json<{ model: { id: string } }>(await cli('models', 'import', COLOR_MODEL)).model.id;
      expect((await cli('models', 'use', tiny)).code).toBe(0);
      const indexed = await cli('index', first, held);
      expect(indexed.code, indexed.stderr).toBe(0);
      expect(await searchRed()).toHaveLength(3);

      const catalog = Catalog.open(path.join(data, 'catalog.db'));
      const leases = new IndexLeases(catalog.db);
      const owner: LeaseOwner = { jobId: 'held-by-test', pid: process.pid, host: os.hostname() };
      expect(leases.claim(owner, [held]).claimed).toEqual([held]);
      const beat = setInterval(() => leases.beat(owner), 1000);
      const switching = startCli(['models', 'use', color, '--data', data, '--json', ...store()]);
      try {
        for (let s = await status(); s.reindex?.done !== 2; s = await status()) {
          expect(s.model).toBe(tiny);
        }
        expect(await status()).toMatchObject({ model: tiny, pendingModel: color, reindex: { done: 2, total: 3 } });
        // The old model's collection still answers, with every image.
        expect(await searchRed()).toHaveLength(3);
      } finally {
        clearInterval(beat);
        leases.release(owner);
        catalog.close();
      }
      const done = await switching.done;
      expect(done.code, done.stderr).toBe(0);
      expect(await status()).toMatchObject({ model: color });
      const after = await searchRed();
      expect(after[0]!.path).toBe(path.join(first, 'red.png'));
      expect(after[0]!.score).toBeGreaterThan(0.9);
      const stores = json<StoreStatus>(await cli('store', 'status'));
      expect(stores.models.find((m) => m.model === color)).toMatchObject({ catalog: 3, store: 3 });

      const client = new MilvusClient({ address: new URL(uri).host });
      const exists = async (model: string) =>
        Boolean((await client.hasCollection({ collection_name: collectionName(prefix, model) })).value);
      expect(await exists(tiny)).toBe(true);
      const removed = await cli('models', 'remove-vectors', tiny);
      expect(removed.code, removed.stderr).toBe(0);
      expect(JSON.parse(removed.stdout)).toEqual({ model: tiny, removed: 3 });
      const left = json<StoreStatus>(await cli('store', 'status'));
      console.log(JSON.stringify(left));
      expect(left.models.find((m) => m.model === tiny)?.store ?? null).toBeNull();
    },
  );
});
