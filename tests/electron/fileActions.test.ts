/**
 * The desktop's file actions for one result or a whole selection, through the
 * IPC stack in memory (preload API, adapter, the real `files` handlers) down to
 * the shell Electron would act on, which records what it was asked: every file
 * of a selection dragged out in one drag with the first one's thumbnail, Open
 * per file, Show in folder once per folder; a file outside the library, or too
 * many at once, refuses the whole call by name before the OS hears of any.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Atelier, createAtelier } from '../../src/main/core/app';
import type { DesktopShell } from '../../src/main/core/shell/fileActions';
import { registerIpc } from '../../src/main/ipc';
import { exposeAtelier } from '../../src/preload/bridge';
import type { AtelierApi } from '../../src/shared/contract';
import { MAX_FOLDERS_SHOWN, MAX_OPENED } from '../../src/shared/fileActionLimits';
import { childProcessSpawner } from '../helpers/encoderProcess';
import { solid } from '../helpers/images';
import { COLOR_MODEL, RESOURCES } from '../helpers/paths';
import { MemoryIpc } from './memoryIpc';

const PAGE = 'file:///opt/Atelier/out/renderer/index.html';

/** What the OS was asked, in order. */
type Asked = ['show', string] | ['open', string] | ['drag', string[], { width: number; height: number }];

describe('Open, Show in folder and dragging out, for one result or a selection', () => {
  let tmp: string;
  let generated: string;
  let atelier: Atelier;
  let api: AtelierApi;
  let asked: Asked[];
  /** Paths the shell refuses to open, as the OS would with no app for them. */
  let unopenable: Set<string>;
  const pending: Promise<unknown>[] = [];

  const shell: DesktopShell = {
    showInFolder: (file) => void asked.push(['show', file]),
    open(file) {
      if (unopenable.has(file))
        return Promise.reject(new Error(`Could not open ${file}: no application knows this file`));
      asked.push(['open', file]);
      return Promise.resolve();
    },
    startDrag(files, icon) {
      pending.push(
        sharp(icon)
          .metadata()
          .then(({ width, height }) => asked.push(['drag', [...files], { width: width, height: height }])),
      );
    },
  };

  beforeAll(async () => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-file-actions-')));
    // Generated images may be acted on without indexing a folder.
    generated = path.join(tmp, 'generated');
    for (let folder = 0; folder <= MAX_FOLDERS_SHOWN; folder++) {
      for (const name of ['a.png', 'b.png'])
        await solid(path.join(generated, `f${folder}`, name), [200, 40, folder * 20]);
    }
    for (let i = 0; i <= MAX_OPENED; i++) await solid(path.join(generated, 'many', `m${i}.png`), [i * 10, 90, 90]);
    fs.writeFileSync(path.join(generated, 'notes.txt'), 'not an image');
    atelier = createAtelier(
      {
        dataDir: tmp,
        resourcesDir: RESOURCES,
        model: COLOR_MODEL,
        providers: ['cpu'],
        spawnEncoder: childProcessSpawner(),
      },
      { shell },
    );
    const ipc = new MemoryIpc(PAGE);
    registerIpc({
      ipcMain: ipc.main,
      atelier,
      isAppUrl: (url) => url === PAGE,
      eventTarget: () => ipc.webContents,
    });
    exposeAtelier(ipc.contextBridge, ipc.renderer);
    api = ipc.world.atelier as AtelierApi;
  });
  afterAll(async () => {
    await atelier?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });
  beforeEach(() => {
    asked = [];
    unopenable = new Set();
  });

  const file = (folder: string, name: string) => path.join(generated, folder, name);

  it('drags every selected file out in one drag, under the first one’s thumbnail', async () => {
    const selection = [file('f1', 'b.png'), file('f0', 'a.png'), file('f2', 'a.png')];
    await api.files.startDrag({ paths: selection });
    await Promise.all(pending);
    expect(asked).toHaveLength(1);
    const [kind, files, icon] = asked[0] as Extract<Asked, ['drag', ...unknown[]]>;
    expect(kind).toBe('drag');
    expect(files).toEqual(selection);
    expect(Math.max(icon.width, icon.height)).toBe(64);
  });

  it('opens each selected image, and shows each folder once with the first selected file in it', async () => {
    await api.files.open({ paths: [file('f0', 'a.png'), file('f1', 'a.png')] });
    expect(asked).toEqual([
      ['open', file('f0', 'a.png')],
      ['open', file('f1', 'a.png')],
    ]);
    asked = [];
    await api.files.showInFolder({ paths: [file('f0', 'b.png'), file('f1', 'a.png'), file('f0', 'a.png')] });
    expect(asked).toEqual([
      ['show', file('f0', 'b.png')],
      ['show', file('f1', 'a.png')],
    ]);
  });

  it('refuses a whole selection that holds a file outside the library or no image, naming it', async () => {
    const outside = path.join(tmp, 'elsewhere.png');
    fs.copyFileSync(file('f0', 'a.png'), outside);
    const text = path.join(generated, 'notes.txt');
    await expect(api.files.open({ paths: [file('f0', 'a.png'), outside] })).rejects.toThrow(
      new RegExp(`^Cannot use ${outside}: `),
    );
    await expect(api.files.startDrag({ paths: [file('f0', 'a.png'), text] })).rejects.toThrow(
      `Cannot use ${text}: not an image`,
    );
    await expect(api.files.showInFolder({ paths: [outside] })).rejects.toThrow(`Cannot use ${outside}`);
    await expect(api.files.open({ paths: [] })).rejects.toThrow(/^paths: /);
    await Promise.all(pending);
    expect(asked).toEqual([]);
  });

  it('refuses more images than Open takes, or more folders than Show in folder opens, saying how many', async () => {
    const many = fs.readdirSync(path.join(generated, 'many')).map((name) => file('many', name));
    expect(many).toHaveLength(MAX_OPENED + 1);
    await expect(api.files.open({ paths: many })).rejects.toThrow(
      `Open takes at most ${MAX_OPENED} images at once (${MAX_OPENED + 1} selected)`,
    );
    // The same file twice is one image.
    await api.files.open({ paths: [...many.slice(1), many[1]!] });
    expect(asked).toHaveLength(MAX_OPENED);
    asked = [];
    const folders = Array.from({ length: MAX_FOLDERS_SHOWN + 1 }, (_, i) => file(`f${i}`, 'a.png'));
    await expect(api.files.showInFolder({ paths: folders })).rejects.toThrow(
      `Show in folder opens at most ${MAX_FOLDERS_SHOWN} folders at once (the selection spans ${MAX_FOLDERS_SHOWN + 1})`,
    );
    await api.files.showInFolder({ paths: folders.slice(1) });
    expect(asked).toHaveLength(MAX_FOLDERS_SHOWN);
    asked = [];
    await expect(api.files.open({ paths: Array.from({ length: 10_001 }, () => many[0]!) })).rejects.toThrow(/^paths: /);
  });

  it('opens what the OS can and names the first it could not, with how many more failed', async () => {
    unopenable = new Set([file('f1', 'a.png'), file('f2', 'a.png')]);
    await expect(
      api.files.open({ paths: [file('f0', 'a.png'), file('f1', 'a.png'), file('f2', 'a.png')] }),
    ).rejects.toThrow(
      `Could not open ${file('f1', 'a.png')}: no application knows this file (and 1 more could not be opened)`,
    );
    expect(asked).toEqual([['open', file('f0', 'a.png')]]);
  });
});
