/**
 * Switching models on a live library, with the real `atelier` command and a real
 * `atelier serve` sharing one data folder (embedded store): searches through
 * serve keep answering throughout a switch made by the CLI, on the old model
 * until the new one covers the library and on the new one after. The switch is
 * held at a known point by a lease this test takes on one of the library's
 * folders, as another indexing process would, so nothing depends on timing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { IndexLeases, type LeaseOwner } from '../../src/main/core/catalog/indexLeases';
import type { LibraryStatus, ModelStatus, SearchResults } from '../../src/shared/types';
import { json, runCli, startCli } from '../helpers/cli';
import { solid } from '../helpers/images';
import { COLOR_MODEL, TINY_MODEL } from '../helpers/paths';
import { serve, type Served } from '../helpers/serve';

/** Polls `probe` until it returns a value (conditions, not sleeps: each poll is a real request). */
async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, tries = 600): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('switching models without downtime', () => {
  let tmp: string;
  let data: string;
  let first: string;
  let held: string;
  let tiny: string;
  let color: string;
  let server: Served | undefined;
  const cli = (...args: string[]) => runCli([...args, '--data', data, '--json']);
  const status = async () => json<LibraryStatus>(await cli('status'));
  const list = async () => json<ModelStatus[]>(await cli('models', 'list'));

  /** A lease on `held`, as an indexing process would hold it; beats so it never goes stale while held. */
  function holdFolder(): () => void {
    const catalog = Catalog.open(path.join(data, 'catalog.db'));
    const leases = new IndexLeases(catalog.db);
    const owner: LeaseOwner = { jobId: 'held-by-test', pid: process.pid, host: os.hostname() };
    expect(leases.claim(owner, [held]).claimed).toEqual([held]);
    const beat = setInterval(() => leases.beat(owner), 1000);
    return () => {
      clearInterval(beat);
      leases.release(owner);
      catalog.close();
    };
  }

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-switch-'));
    data = path.join(tmp, 'data');
    first = path.join(fs.realpathSync(tmp), 'first');
    held = path.join(fs.realpathSync(tmp), 'held');
    await solid(path.join(first, 'red.png'), [220, 25, 25]);
    await solid(path.join(first, 'blue.png'), [25, 50, 220]);
    await solid(path.join(held, 'green.png'), [25, 170, 40]);
    await solid(path.join(held, 'orange.png'), [245, 140, 20]);
    tiny = json<{ model: { id: string } }>(await cli('models', 'import', TINY_MODEL)).model.id;
    color = json<{ model: { id: string } }>(await cli('models', 'import', COLOR_MODEL)).model.id;
    // An empty library switches at once: nothing to re-index.
    expect(json<{ model: string }>(await cli('models', 'use', tiny))).toEqual({ model: tiny });
    const indexed = await cli('index', first, held);
    expect(indexed.code, indexed.stderr).toBe(0);
  });

  afterAll(async () => {
    await server?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('lists every model as a JSON array with its facts and the room its vectors take', async () => {
    const models = await list();
    expect(Array.isArray(models)).toBe(true);
    for (const m of models) {
      expect(Object.keys(m)).toEqual(
        expect.arrayContaining(['id', 'name', 'layout', 'dim', 'installed', 'bytes', 'languages']),
      );
    }
    expect(models.find((m) => m.id === 'clip-vit-base-patch32')).toMatchObject({
      layout: 'huggingface',
      dim: 512,
      installed: false,
      license: 'MIT',
      languages: ['en'],
      languagesFrom: 'registry',
      recall: 59.4,
      bytes: 0,
    });
    // An imported CLIP export is read with the bundled CLIP vocabulary: English, as its config says.
    expect(models.find((m) => m.id === tiny)).toMatchObject({ languages: ['en'], languagesFrom: 'config' });
    expect((await status()).modelLanguages).toEqual(['en']);
    // Four images, 512 floats each, in the catalog; the store has not been searched yet.
    expect(models.find((m) => m.id === tiny)).toMatchObject({ installed: true, active: true, bytes: 4 * 512 * 4 });
    expect(models.find((m) => m.id === color)).toMatchObject({ installed: true, active: false, bytes: 0 });
  });

  it('a bad model id is refused with the known ids, and nothing changes', { timeout: 120_000 }, async () => {
    const r = await cli('models', 'use', 'no-such-model');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /Model "no-such-model" is not installed, and no known model has that id \(known: clip-vit-base-patch32/,
    );
    expect(await status()).toMatchObject({ model: tiny });
    expect((await status()).pendingModel).toBeUndefined();
    const usage = await cli('models', 'use');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/models use needs a model id/);
  });

  it(
    'serve keeps answering every search while the CLI switches, on the old model until the new one has caught up',
    { timeout: 300_000 },
    async () => {
      server = await serve(['--data', data], 90_000);
      const token = new URL(server.url).searchParams.get('token')!;
      const served = async (): Promise<SearchResults> => {
        const res = await fetch(`${server!.origin}/api/search.query`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify({ text: 'red', limit: 10 }),
        });
        const body = (await res.json()) as { ok: boolean; value: SearchResults; message?: string };
        if (!body.ok) throw new Error(`search failed: ${body.message}`);
        return body.value;
      };
      expect((await served()).model).toBe(tiny);

      // Searches run back to back for the whole switch; each answer is kept.
      const answers: SearchResults[] = [];
      let searching = true;
      const searcher = (async () => {
        while (searching) answers.push(await served());
      })();

      const release = holdFolder();
      const switching = startCli(['models', 'use', color, '--data', data, '--json']);
      const stopSearching = async () => {
        searching = false;
        await searcher;
      };
      try {
        // The unheld folder is re-indexed into the new model; the held one waits.
        const during = await until('the switch to reach the held folder', async () => {
          const s = await status();
          return s.pendingModel === color && s.reindex?.done === 2 ? s : undefined;
        });
        expect(during).toMatchObject({
          model: tiny,
          pendingModel: color,
          reindex: { done: 2, total: 4, paused: false },
        });
        const seen = answers.length;
        await until('a search answered during the switch', () => (answers.length > seen ? true : undefined));
        expect(answers.at(-1)!.model).toBe(tiny);
        expect((await list()).find((m) => m.id === color)).toMatchObject({ pending: true, active: false });
      } catch (err) {
        await stopSearching().catch(() => undefined);
        throw err;
      } finally {
        release();
      }
      const done = await switching.done;
      expect(done.code, done.stderr).toBe(0);
      expect(JSON.parse(done.stdout)).toEqual({ model: color });
      const after = await status();
      expect(after.model).toBe(color);
      expect(after.pendingModel).toBeUndefined();
      expect(after.embeddings).toEqual({ [tiny]: 4, [color]: 4 });

      // serve moves to the new model by itself, and the new model's vectors answer.
      await until('serve to search with the new model', () => (answers.at(-1)?.model === color ? true : undefined));
      await stopSearching();
      const models = answers.map((a) => a.model);
      const switchedAt = models.indexOf(color);
      expect(models.slice(0, switchedAt).every((m) => m === tiny)).toBe(true);
      expect(models.slice(switchedAt).every((m) => m === color)).toBe(true);
      expect(switchedAt).toBeGreaterThan(0);
      expect(answers.at(-1)!.results[0]!.path).toBe(path.join(first, 'red.png'));
    },
  );

  it(
    'remove-vectors frees a model’s vectors, and refuses the model in use without losing anything',
    { timeout: 120_000 },
    async () => {
      const before = await list();
      const active = before.find((m) => m.active)!;
      expect(active.id).toBe(color);
      const other = tiny;
      expect(before.find((m) => m.id === other)!.bytes).toBeGreaterThan(0);

      const refused = await cli('models', 'remove-vectors', active.id);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/is the model searches use: switch to another one first/);
      expect((await status()).embeddings[active.id]).toBe(4);

      const removed = await cli('models', 'remove-vectors', other);
      expect(removed.code, removed.stderr).toBe(0);
      expect(JSON.parse(removed.stdout)).toEqual({ model: other, removed: 4 });
      expect((await list()).find((m) => m.id === other)!.bytes).toBe(0);
      expect((await status()).embeddings).toEqual({ [active.id]: 4 });
      expect(fs.readdirSync(path.join(data, 'vectors')).filter((f) => f.startsWith(other))).toEqual([]);

      const unknown = await cli('models', 'remove-vectors', 'no-such-model');
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toMatch(/No model "no-such-model" and no vectors of that id/);
    },
  );
  it(
    'a switch cut off by a kill stays pending with the old model in use, and the next serve finishes it',
    { timeout: 300_000 },
    async () => {
      // The model switched back to has no vectors left (removed above): its re-index has work to do.
      await server?.stop();
      server = undefined;
      const release = holdFolder();
      let released = false;
      try {
        const switching = startCli(['models', 'use', tiny, '--data', data, '--json']);
        await until('the switch to start', async () => ((await status()).pendingModel === tiny ? true : undefined));
        process.kill(switching.pid, 'SIGKILL');
        await switching.done;
        // Never half: the old model still answers, and the switch is still known.
        const cut = await status();
        expect(cut).toMatchObject({ model: color, pendingModel: tiny });
        expect(json<SearchResults>(await cli('search', 'red')).results[0]!.path).toBe(path.join(first, 'red.png'));

        server = await serve(['--data', data], 90_000);
        release();
        released = true;
        await until('the resumed switch to finish', async () => ((await status()).model === tiny ? true : undefined));
        expect((await status()).pendingModel).toBeUndefined();
      } finally {
        if (!released) release();
      }
    },
  );
});
