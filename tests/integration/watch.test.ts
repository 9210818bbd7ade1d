/**
 * Watching folders, through the contract's handlers on the real core (SQLite
 * file, the `color` model on ONNX Runtime, real fs.watch): a new image in a
 * watched folder becomes searchable without a manual index; in an unwatched one
 * it does not; and the choice survives a restart of the app (`atelier serve`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Atelier, createAtelier } from '../../src/main/core/app';
import { nodeWorkerSpawner } from '../../src/main/core/workers/nodeWorker';
import { solid } from '../helpers/images';
import { COLOR_MODEL, RESOURCES, ROOT } from '../helpers/paths';
import { serve, type Served } from '../helpers/serve';

const DEBOUNCE_MS = 300;

describe('watching library folders for changes', { timeout: 60_000 }, () => {
  let tmp: string;
  let lib: string;
  let data: string;
  let atelier: Atelier;
  let server: Served | undefined;

  const open = () =>
    createAtelier({
      dataDir: data,
      resourcesDir: RESOURCES,
      model: COLOR_MODEL,
      providers: ['cpu'],
      spawnEncoder: nodeWorkerSpawner(new URL(`file://${path.join(ROOT, 'src/main/core/clip/encoderThread.ts')}`)),
      watchDebounceMs: DEBOUNCE_MS,
    });
  const top = async (text: string) => (await atelier.handlers.search.query({ text, limit: 1 })).results[0]?.path;
  const folder = async () => (await atelier.handlers.library.status({})).folders.find((f) => f.path === lib)!;
  /** Long enough for a change to be noticed, debounced and indexed had the folder been watched. */
  const settle = () => new Promise((r) => setTimeout(r, DEBOUNCE_MS * 10));

  beforeAll(async () => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-watch-')));
    lib = path.join(tmp, 'library');
    data = path.join(tmp, 'data');
    await solid(path.join(lib, 'red.png'), [220, 25, 25]);
    await solid(path.join(lib, 'nested', 'yellow.png'), [245, 230, 25]);
    atelier = open();
    await atelier.library.index([lib]);
  });

  afterAll(async () => {
    await server?.stop();
    await atelier?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('is off for a new folder: a new image stays out of the index', async () => {
    expect((await folder()).watch).toBe(false);
    await solid(path.join(lib, 'blue.png'), [25, 50, 220]);
    await settle();
    expect(atelier.catalog.fileByPath(path.join(lib, 'blue.png'))).toBeUndefined();
    expect(await top('blue')).not.toBe(path.join(lib, 'blue.png'));
  });

  it('once on, catches up, then indexes a new image in a subfolder and forgets a deleted one', async () => {
    expect(await atelier.handlers.library.watch({ path: lib, watch: true })).toEqual({ watching: true });
    expect((await folder()).watch).toBe(true);
    // Turning it on indexes what arrived while it was off.
    await expect.poll(() => top('blue'), { timeout: 20_000 }).toBe(path.join(lib, 'blue.png'));

    await solid(path.join(lib, 'nested', 'deeper', 'green.png'), [25, 170, 40]);
    await expect.poll(() => top('green'), { timeout: 20_000 }).toBe(path.join(lib, 'nested', 'deeper', 'green.png'));

    fs.rmSync(path.join(lib, 'red.png'));
    await expect.poll(() => atelier.catalog.fileByPath(path.join(lib, 'red.png')), { timeout: 20_000 }).toBeUndefined();
  });

  it('once off, leaves a new image out again', async () => {
    expect(await atelier.handlers.library.watch({ path: lib, watch: false })).toEqual({ watching: false });
    expect(atelier.watches.watching()).toEqual([]);
    await solid(path.join(lib, 'orange.png'), [245, 140, 20]);
    await settle();
    expect(atelier.catalog.fileByPath(path.join(lib, 'orange.png'))).toBeUndefined();
  });

  it('refuses a folder that is not in the library, with a clear message', () => {
    expect(() => atelier.handlers.library.watch({ path: path.join(tmp, 'elsewhere'), watch: true })).toThrow(
      `Not a folder of the library: ${path.join(tmp, 'elsewhere')}`,
    );
  });

  it('stays on when the app starts again, and catches up with what changed while it was closed', async () => {
    await atelier.handlers.library.watch({ path: lib, watch: true });
    await atelier.close();
    await solid(path.join(lib, 'purple.png'), [120, 40, 160]);
    // A real start: `atelier serve` in its own process, which resumes watching as the desktop app does.
    const web = path.join(tmp, 'web');
    fs.mkdirSync(web, { recursive: true });
    fs.writeFileSync(
      path.join(web, 'index.html'),
      `<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src 'self'"><title>Atelier</title>`,
    );
    server = await serve(['--data', data, '--model', COLOR_MODEL], 60_000, { ATELIER_RENDERER_DIR: web });
    const token = new URL(server.url).searchParams.get('token')!;
    const call = async <T>(name: string, body: unknown): Promise<T> => {
      const res = await fetch(`${server!.origin}/api/${name}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      return ((await res.json()) as { value: T }).value;
    };
    const served = async (text: string) =>
      (await call<{ results: Array<{ path: string }> }>('search.query', { text, limit: 1 })).results[0]?.path;

    const status = await call<{ folders: Array<{ path: string; watch: boolean }> }>('library.status', {});
    expect(status.folders).toEqual([expect.objectContaining({ path: lib, watch: true })]);
    expect(server.stderr()).toContain('watching 1 folder(s) for changes');
    await expect.poll(() => served('purple'), { timeout: 30_000 }).toBe(path.join(lib, 'purple.png'));
    await solid(path.join(lib, 'teal.png'), [20, 150, 150]);
    await expect.poll(() => served('teal'), { timeout: 30_000 }).toBe(path.join(lib, 'teal.png'));
  });
});
