/**
 * Through `atelier serve`, an edit reads its image like a reference: only an
 * image of the library, the search box's uploads or generation's outputs. A
 * path elsewhere is refused before anything is sent to Gemini.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Atelier, createAtelier } from '../../src/main/core/app';
import { type RunningServer, startServer } from '../../src/main/core/server/server';
import { nodeWorkerSpawner } from '../../src/main/core/workers/nodeWorker';
import { type FakeGemini, startFakeGemini } from '../helpers/fakeGemini';
import { solid } from '../helpers/images';
import { COLOR_MODEL, RESOURCES, ROOT } from '../helpers/paths';

describe('an edit through atelier serve', { timeout: 60_000 }, () => {
  let tmp: string;
  let atelier: Atelier;
  let server: RunningServer;
  let fake: FakeGemini;

  beforeAll(async () => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-edit-serve-')));
    fake = await startFakeGemini();
    atelier = createAtelier({
      dataDir: path.join(tmp, 'data'),
      resourcesDir: RESOURCES,
      model: COLOR_MODEL,
      providers: ['cpu'],
      spawnEncoder: nodeWorkerSpawner(new URL(`file://${path.join(ROOT, 'src/main/core/clip/encoderThread.ts')}`)),
      gemini: { apiKey: 'serve-edit-key', baseUrl: fake.url },
    });
    const web = path.join(tmp, 'web');
    fs.mkdirSync(web, { recursive: true });
    fs.writeFileSync(
      path.join(web, 'index.html'),
      `<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src 'self'"><title>Atelier</title>`,
    );
    server = await startServer({ api: atelier, thumbnails: atelier.thumbnails, staticDir: web });
  });

  afterAll(async () => {
    await server?.close();
    await atelier?.close();
    await fake?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('refuses to edit an image outside the library and generation', async () => {
    const secret = path.join(tmp, 'elsewhere', 'private.png');
    await solid(secret, [10, 10, 10], 32);
    const res = await fetch(`${server.origin}/api/generate.start`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` },
      body: JSON.stringify({ prompt: 'make it brighter', edit: secret }),
    });
    const body = (await res.json()) as { message?: string };
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(body.message).toMatch(/^Cannot use .*private\.png/);
    expect(fake.requests).toHaveLength(0);
    expect(atelier.generation.jobs()).toEqual([]);
  });
});
