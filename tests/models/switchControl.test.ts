/**
 * A model switch paused, resumed and cancelled from the command line, while another `atelier`
 * process runs it. One library folder is held by a lease this test takes (as another indexing
 * process would), so the switch waits at a known point and nothing depends on timing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { IndexLeases, type LeaseOwner } from '../../src/main/core/catalog/indexLeases';
import type { LibraryStatus } from '../../src/shared/types';
import { json, runCli, startCli } from '../helpers/cli';
import { solid } from '../helpers/images';
import { COLOR_MODEL, TINY_MODEL } from '../helpers/paths';

async function until<T>(what: string, probe: () => Promise<T | undefined>, tries = 600): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('pausing, resuming and cancelling a model switch from the command line', () => {
  let tmp: string;
  let data: string;
  let held: string;
  let tiny: string;
  let color: string;
  const cli = (...args: string[]) => runCli([...args, '--data', data, '--json']);
  const status = async () => json<LibraryStatus>(await cli('status'));

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
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-switch-control-'));
    data = path.join(tmp, 'data');
    const free = path.join(fs.realpathSync(tmp), 'free');
    held = path.join(fs.realpathSync(tmp), 'held');
    await solid(path.join(free, 'a.png'), [220, 25, 25]);
    await solid(path.join(held, 'b.png'), [25, 50, 220]);
    tiny = json<{ model: { id: string } }>(await cli('models', 'import', TINY_MODEL)).model.id;
    color = json<{ model: { id: string } }>(await cli('models', 'import', COLOR_MODEL)).model.id;
    expect(json<{ model: string }>(await cli('models', 'use', tiny))).toEqual({ model: tiny });
    const indexed = await cli('index', free, held);
    expect(indexed.code, indexed.stderr).toBe(0);
  }, 180_000);

  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('says so when no switch is in progress', { timeout: 60_000 }, async () => {
    for (const action of ['pause', 'resume', 'cancel']) {
      expect(json(await cli('models', action))).toEqual({ pendingModel: null });
    }
  });

  it('pauses a running switch from another process, resumes it to the end', { timeout: 300_000 }, async () => {
    const release = holdFolder();
    let released = false;
    try {
      const switching = startCli(['models', 'use', color, '--data', data, '--json']);
      await until('the free folder to be re-indexed', async () => {
        const s = await status();
        return s.pendingModel === color && s.reindex?.done === 1 ? true : undefined;
      });
      const paused = json<{ pendingModel: string; paused: boolean }>(await cli('models', 'pause'));
      expect(paused).toMatchObject({ pendingModel: color, paused: true, done: 1, total: 2 });
      // The process that ran the switch sees the pause and stops, leaving it pending and paused.
      const stopped = await switching.done;
      expect(stopped.code, stopped.stderr).toBe(0);
      expect(JSON.parse(stopped.stdout)).toEqual({ model: tiny, pendingModel: color, paused: true });
      expect(await status()).toMatchObject({ model: tiny, pendingModel: color, reindex: { paused: true } });

      release();
      released = true;
      const resumed = await cli('models', 'resume');
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(JSON.parse(resumed.stdout)).toEqual({ model: color });
      expect((await status()).pendingModel).toBeUndefined();
    } finally {
      if (!released) release();
    }
  });

  it('cancels a switch: searches stay on the model in use', { timeout: 300_000 }, async () => {
    await cli('models', 'remove-vectors', tiny);
    const release = holdFolder();
    try {
      const switching = startCli(['models', 'use', tiny, '--data', data, '--json']);
      await until('the switch to start', async () => ((await status()).pendingModel === tiny ? true : undefined));
      expect(json(await cli('models', 'cancel'))).toEqual({ model: color, cancelled: true });
      const stopped = await switching.done;
      expect(stopped.code, stopped.stderr).toBe(0);
      expect(JSON.parse(stopped.stdout)).toEqual({ model: color });
      const after = await status();
      expect(after.model).toBe(color);
      expect(after.pendingModel).toBeUndefined();
    } finally {
      release();
    }
  });
});
