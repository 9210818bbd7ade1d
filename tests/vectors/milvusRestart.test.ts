/**
 * A Milvus 2.3 server that restarts (stopped cleanly, started again on the
 * same data) while the app runs: the app's next searches are answered, from
 * the same collection, without restarting the app, and the store shows ok.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Atelier } from '../../src/main/core/app';
import { solid } from '../helpers/images';
import { type RunningMilvus, startMilvus } from '../helpers/milvusProcess';
import { indexThroughApp, openApp } from './appFixture';
import { describeMilvus } from './milvusTargets';

describeMilvus('a Milvus 2.3 server that restarts', () => {
  let server: RunningMilvus | undefined;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-restart-'));
    // Its own server: restarting the one the other suites share would fail their requests. Short
    // sessions: the ones a stop leaves in its etcd have stalled a restart past its 3-minute wait.
    server = await startMilvus('milvus-2.3', ['--extra-config', 'common.session.ttl=10']);
  }, 400_000);
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers the searches after the restart without restarting the app, and shows the store ok', async () => {
    const lib = path.join(dir, 'lib');
    await solid(path.join(lib, 'red.png'), [220, 25, 25]);
    await solid(path.join(lib, 'blue.png'), [25, 50, 220]);
    const store = { kind: 'milvus' as const, uri: server!.uri, collection: `restart_${process.pid}` };
    const atelier: Atelier = openApp(path.join(dir, 'data'), {}, store);
    const top = async (text: string) =>
      (await atelier.handlers.search.query({ text, limit: 1 })).results.map((r) => path.basename(r.path));
    try {
      await indexThroughApp(atelier, lib);
      expect(await top('red')).toEqual(['red.png']);
      expect((await atelier.handlers.settings.get({})).vectorStore.health).toBe('ok');

      await server!.restart();

      expect(await top('red')).toEqual(['red.png']);
      expect(await top('blue')).toEqual(['blue.png']);
      expect((await atelier.handlers.settings.get({})).vectorStore.health).toBe('ok');
    } finally {
      await atelier.close();
    }
  }, 600_000);
});
