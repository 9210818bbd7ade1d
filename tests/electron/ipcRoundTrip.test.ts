/**
 * The desktop app's IPC stack end to end, in memory: the preload's API (as the
 * page gets it from the context bridge) calls through ipcRenderer, the adapter
 * checks the sender and validates with the contract, a real Atelier's handlers
 * answer, and events come back to the page's subscriptions.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Atelier, createAtelier } from '../../src/main/core/app';
import { registerIpc } from '../../src/main/ipc';
import { exposeAtelier } from '../../src/preload/bridge';
import { type AtelierApi, channels, EVENT_CHANNEL } from '../../src/shared/contract';
import { childProcessSpawner } from '../helpers/encoderProcess';
import { COLOR_MODEL, RESOURCES } from '../helpers/paths';
import { frame, MemoryIpc } from './memoryIpc';

const PAGE = 'file:///opt/Atelier/out/renderer/index.html';
const isAppUrl = (url: string): boolean => url.split('#')[0] === PAGE;

describe('IPC from the preload to the handlers', () => {
  let tmp: string;
  let atelier: Atelier;
  let ipc: MemoryIpc;
  let api: AtelierApi;
  let unregister: () => void;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-ipc-'));
    atelier = createAtelier({
      dataDir: tmp,
      resourcesDir: RESOURCES,
      model: COLOR_MODEL,
      providers: ['cpu'],
      spawnEncoder: childProcessSpawner(),
    });
  });
  afterAll(async () => {
    await atelier?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  beforeEach(() => {
    ipc = new MemoryIpc(PAGE);
    unregister = registerIpc({ ipcMain: ipc.main, atelier, isAppUrl, eventTarget: () => ipc.webContents });
    exposeAtelier(ipc.contextBridge, ipc.renderer);
    api = ipc.world.atelier as AtelierApi;
  });
  afterEach(() => unregister());

  it('exposes every method of the contract as window.atelier, and registers a channel for each', () => {
    expect(Object.keys(ipc.world)).toEqual(['atelier']);
    for (const { service, method, channel } of channels()) {
      expect(typeof (api as unknown as Record<string, Record<string, unknown>>)[service]?.[method], channel).toBe(
        'function',
      );
    }
    expect(ipc.channels().sort()).toEqual(
      channels()
        .map((c) => c.channel)
        .sort(),
    );
  });

  it('carries a call to its handler and its value back', async () => {
    const view = await api.settings.update({ theme: 'dark', resultLimit: 40 });
    expect(view).toMatchObject({ theme: 'dark', resultLimit: 40, dataDir: tmp });
    expect((await api.settings.get({})).theme).toBe('dark');
    expect(atelier.settings.view().theme).toBe('dark');
  });

  it('rejects bad input with the first issue, before any handler runs', async () => {
    const before = atelier.settings.view();
    await expect(api.settings.update({ theme: 'neon' as 'dark', resultLimit: 40 })).rejects.toThrow(/^theme: /);
    await expect(api.settings.update({ resultLimit: 5 })).rejects.toThrow(/^resultLimit: .*20/);
    await expect(
      (api.settings.update as (input: unknown) => Promise<unknown>)({ theme: 'light', colour: 'red' }),
    ).rejects.toThrow(/colour/);
    await expect(api.library.index({ folders: [] })).rejects.toThrow(/^folders: /);
    expect(atelier.settings.view()).toEqual(before);
    expect(atelier.catalog.roots()).toEqual([]);
  });

  it("gives the caller the handler's own message when a handler fails", async () => {
    await expect(api.library.pickFolder({})).rejects.toThrow(
      new Error('This window cannot open a folder picker: type the folder’s path.'),
    );
    await expect(api.generate.again({ jobId: 'no-such-job' })).rejects.toThrow(
      new Error('No generation job no-such-job.'),
    );
  });

  it('delivers each event to the subscriptions for its name, until they unsubscribe', () => {
    const failed: unknown[] = [];
    const indexed: unknown[] = [];
    const stopFailed = api.on('library.failed', (payload) => failed.push(payload));
    api.on('library.indexed', (payload) => indexed.push(payload));
    expect(ipc.listenerCount(EVENT_CHANNEL)).toBe(2);

    atelier.events.emit('library.failed', { jobId: 'j1', message: 'disk full' });
    expect(failed).toEqual([{ jobId: 'j1', message: 'disk full' }]);
    expect(indexed).toEqual([]);

    stopFailed();
    expect(ipc.listenerCount(EVENT_CHANNEL)).toBe(1);
    atelier.events.emit('library.failed', { jobId: 'j2', message: 'again' });
    expect(failed).toHaveLength(1);
  });

  it('sends no event to a page that navigated away or was destroyed', () => {
    const seen: unknown[] = [];
    api.on('library.failed', (payload) => seen.push(payload));
    ipc.pageUrl = 'https://example.com/';
    atelier.events.emit('library.failed', { jobId: 'j1', message: 'elsewhere' });
    ipc.pageUrl = PAGE;
    ipc.destroyed = true;
    atelier.events.emit('library.failed', { jobId: 'j2', message: 'destroyed' });
    ipc.destroyed = false;
    atelier.events.emit('library.failed', { jobId: 'j3', message: 'home' });
    expect(seen).toEqual([{ jobId: 'j3', message: 'home' }]);
  });

  it('refuses a call from a sub-frame, another origin or a closed frame, and runs no handler', async () => {
    const refusal = /atelier:settings\.update is only available to Atelier's own page/;
    ipc.sender = frame(PAGE, frame(PAGE));
    await expect(api.settings.update({ theme: 'light' })).rejects.toThrow(refusal);
    ipc.sender = frame('https://evil.example/index.html');
    await expect(api.settings.update({ theme: 'light' })).rejects.toThrow(refusal);
    ipc.sender = frame('file:///tmp/index.html');
    await expect(api.settings.update({ theme: 'light' })).rejects.toThrow(refusal);
    ipc.sender = null;
    await expect(api.settings.update({ theme: 'light' })).rejects.toThrow(refusal);
    expect(atelier.settings.view().theme).not.toBe('light');
  });

  it('undoes itself: no handler stays and no event is forwarded after unregistering', async () => {
    const seen: unknown[] = [];
    api.on('library.failed', (payload) => seen.push(payload));
    unregister();
    expect(ipc.channels()).toEqual([]);
    atelier.events.emit('library.failed', { jobId: 'j1', message: 'late' });
    expect(seen).toEqual([]);
    await expect(api.settings.get({})).rejects.toThrow(/No handler registered/);
    // Registering again works (Electron refuses a second handler on a channel still held).
    unregister = registerIpc({ ipcMain: ipc.main, atelier, isAppUrl, eventTarget: () => ipc.webContents });
    expect((await api.settings.get({})).dataDir).toBe(tmp);
  });

  it('refuses to start when the handlers lack a method of the contract', () => {
    const { removeFolder: _left, ...library } = atelier.handlers.library;
    const handlers = { ...atelier.handlers, library } as unknown as Atelier['handlers'];
    const other = new MemoryIpc(PAGE);
    expect(() =>
      registerIpc({
        ipcMain: other.main,
        atelier: { handlers, events: atelier.events },
        isAppUrl,
        eventTarget: () => null,
      }),
    ).toThrow('No handler for library.removeFolder');
  });
});
