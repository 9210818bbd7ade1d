/**
 * One data folder, many processes, as a studio runs them: `atelier serve` all
 * day while scripts run `atelier index` and `atelier search` against the same
 * folder. Real child processes, each with its own SQLite connections: what one
 * commits, the others see before they answer, and several syncing the same
 * changes at once neither fail nor disagree.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { json, runCli } from '../helpers/cli';
import { solid } from '../helpers/images';
import { COLOR_MODEL } from '../helpers/paths';
import { serve, type Served } from '../helpers/serve';

interface Results {
  results: Array<{ path: string }>;
}
interface StoreStatus {
  models: Array<{ catalog: number; store: number | null; pending: number }>;
}

describe('processes sharing a data folder', () => {
  let tmp: string;
  let data: string;
  let first: string;
  let later: string;
  let server: Served | undefined;
  const cli = (...args: string[]) => runCli([...args, '--data', data, '--model', COLOR_MODEL, '--json']);
  const paths = (r: Results) => r.results.map((h) => h.path).sort();

  beforeAll(async () => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-shared-')));
    data = path.join(tmp, 'data');
    first = path.join(tmp, 'first');
    later = path.join(tmp, 'later');
    await solid(path.join(first, 'red.png'), [220, 25, 25]);
    await solid(path.join(first, 'blue.png'), [25, 50, 220]);
    await solid(path.join(first, 'green.png'), [25, 170, 40]);
    await solid(path.join(later, 'orange.png'), [245, 140, 20]);
    await solid(path.join(later, 'purple.png'), [120, 40, 160]);
    const indexed = await cli('index', first);
    expect(indexed.code, indexed.stderr).toBe(0);
  });

  afterAll(async () => {
    await server?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('serve answers with what a CLI process indexed and synced after it started, deletions included', async () => {
    server = await serve(['--data', data, '--model', COLOR_MODEL], 60_000);
    const token = new URL(server.url).searchParams.get('token')!;
    const served = async (body: unknown): Promise<string[]> => {
      const res = await fetch(`${server!.origin}/api/search.query`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      expect(res.status, await res.clone().text()).toBe(200);
      return paths(((await res.json()) as { value: Results }).value);
    };
    // serve syncs and fills its in-memory index first.
    expect(await served({ text: 'red', limit: 10 })).toEqual(
      ['blue.png', 'green.png', 'red.png'].map((f) => path.join(first, f)),
    );

    // Another process indexes a new folder and syncs the store (its search does).
    expect((await cli('index', later)).code).toBe(0);
    const elsewhere = json<Results>(await cli('search', 'orange', '--folder', later));
    expect(paths(elsewhere)).toEqual([path.join(later, 'orange.png'), path.join(later, 'purple.png')]);
    expect(await served({ text: 'orange', limit: 10, filters: { folders: [later] } })).toEqual([
      path.join(later, 'orange.png'),
      path.join(later, 'purple.png'),
    ]);

    // ...then a file goes away, and another process syncs its deletion.
    fs.rmSync(path.join(first, 'green.png'));
    expect((await cli('index', first)).code).toBe(0);
    expect(paths(json<Results>(await cli('search', 'green')))).not.toContain(path.join(first, 'green.png'));
    const all = await served({ text: 'green', limit: 10 });
    expect(all).not.toContain(path.join(first, 'green.png'));
    expect(all).toHaveLength(4);
    await server.stop();
    server = undefined;
  });

  it(
    'several searches started at once sync the same waiting changes without failing or disagreeing',
    { timeout: 180_000 },
    async () => {
      // Changes wait for the store, written by this process to the catalog alone: a file gone, and
      // enough copies of another that each search's sync takes a while.
      const catalog = Catalog.open(path.join(data, 'catalog.db'));
      try {
        const red = catalog.fileByPath(path.join(first, 'red.png'))!;
        catalog.transaction(() => {
          for (let i = 0; i < 10_000; i++)
            catalog.putFile({ ...red, path: path.join(first, 'copies', `red ${i}.png`) });
          catalog.deleteFile(path.join(first, 'blue.png'));
        });
      } finally {
        catalog.close();
      }

      const runs = await Promise.all(Array.from({ length: 6 }, () => cli('search', 'red', '--limit', '100')));
      for (const r of runs) expect(r.code, r.stderr).toBe(0);
      const status = json<StoreStatus>(await cli('store', 'status'));
      expect(status.models[0]).toMatchObject({ pending: 0, store: status.models[0]!.catalog });
      const results = runs.map((r) => paths(json<Results>(r)));
      expect(results[0]).toHaveLength(100);
      expect(results[0]).toContain(path.join(first, 'copies', 'red 0.png'));
      expect(results[0]).not.toContain(path.join(first, 'blue.png'));
      for (const r of results.slice(1)) expect(r).toEqual(results[0]);
    },
  );
});
