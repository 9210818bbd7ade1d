/**
 * Images dropped on the search box, through the HTTP API of `atelier serve`:
 * only images are stored, up to 50 MB, under a name made from their content
 * (never the one given), and old uploads are removed when the library opens
 * and after each upload, except those recently used, searched by, or named by
 * a generation job that has not finished. Stored uploads are indexed: the
 * folder tree lists them as "Uploads", and a pruned one leaves the catalog.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Atelier, createAtelier } from '../../src/main/core/app';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { GenerationRecords } from '../../src/main/core/catalog/generationRecords';
import { pinningOnnxRuntime } from '../../src/main/core/clip/pinOnnxRuntime';
import { KEEP_RECENT } from '../../src/main/core/queryImages/uploadRetention';
import { type RunningServer, startServer } from '../../src/main/core/server/server';
import { nodeWorkerSpawner } from '../../src/main/core/workers/nodeWorker';
import type { BrowsePage, FolderNode } from '../../src/shared/browse';
import { solid } from '../helpers/images';
import { COLOR_MODEL, RESOURCES, ROOT, TINY_MODEL } from '../helpers/paths';

interface Reply<T> {
  ok: boolean;
  message?: string;
  value?: T;
}

const DAY = 24 * 60 * 60 * 1000;

describe('uploads through atelier serve', { timeout: 60_000 }, () => {
  let tmp: string;
  let data: string;
  let queries: string;
  let atelier: Atelier | undefined;
  let server: RunningServer | undefined;

  /** `model`: the colour model for the run (the default), or none, with the manifest naming it the default, not yet installed. */
  async function start(model: 'color' | 'none installed' = 'color') {
    atelier = createAtelier({
      dataDir: data,
      resourcesDir: RESOURCES,
      ...(model === 'color'
        ? { model: COLOR_MODEL }
        : { modelManifest: colorManifest(), modelMirror: 'http://127.0.0.1:9' }),
      providers: ['cpu'],
      // Uploads are indexed, so each test may start an encoder thread: the binding stays loaded between them.
      spawnEncoder: pinningOnnxRuntime(
        nodeWorkerSpawner(new URL(`file://${path.join(ROOT, 'src/main/core/clip/encoderThread.ts')}`)),
      ),
    });
    const web = path.join(tmp, 'web');
    fs.mkdirSync(web, { recursive: true });
    fs.writeFileSync(
      path.join(web, 'index.html'),
      `<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src 'self'"><title>Atelier</title>`,
    );
    server = await startServer({ api: atelier, thumbnails: atelier.thumbnails, staticDir: web });
  }

  async function api<T>(name: string, body: unknown): Promise<{ status: number; body: Reply<T> }> {
    const res = await fetch(`${server!.origin}/api/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server!.token}` },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Reply<T> };
  }

  const upload = (name: string, bytes: Buffer) =>
    api<{ path: string; name: string }>('search.uploadImage', { name, base64: bytes.toString('base64') });
  /** A manifest whose default model is the colour model's files, so importing that folder installs the default. */
  function colorManifest(): string {
    const files = ['onnx/vision_model.onnx', 'onnx/text_model.onnx', 'config.json'].map((f) => {
      const bytes = fs.readFileSync(path.join(COLOR_MODEL, f));
      return { path: f, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
    });
    const manifest = path.join(tmp, 'models.json');
    fs.writeFileSync(
      manifest,
      JSON.stringify({
        version: 1,
        defaultModel: 'color',
        models: [
          {
            id: 'color',
            name: 'Colour CLIP',
            repo: 'fixtures/color',
            revision: 'main',
            dim: 512,
            contextLength: 77,
            imageSize: 224,
            files,
          },
        ],
      }),
    );
    return manifest;
  }
  const uploadsNode = async () =>
    (await api<FolderNode[]>('library.folders', {})).body.value!.find((node) => node.path === queries);
  const stored = () => (fs.existsSync(queries) ? fs.readdirSync(queries).sort() : []);

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-uploads-'));
    data = path.join(fs.realpathSync(tmp), 'data');
    queries = path.join(data, 'queries');
  });

  afterEach(async () => {
    await server?.close();
    await atelier?.close();
    server = undefined;
    atelier = undefined;
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('refuses what is not an image, whatever its name says, and stores nothing', async () => {
    await start();
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect/></svg>');
    const cases: Array<[string, Buffer, RegExp]> = [
      ['notes.png', Buffer.from('just some text, not a picture\n'), /^Not an image: notes\.png$/],
      ['../../../.bashrc', Buffer.from('export PATH=/tmp\n'), /^Not an image: \.bashrc$/],
      ['drawing.svg', svg, /^Not an image: drawing\.svg \(svg is not taken\)$/],
      [
        'half.png',
        (
          await sharp({ create: { width: 8, height: 8, channels: 3, background: '#f00' } })
            .png()
            .toBuffer()
        ).subarray(0, 6),
        /^Not an image: half\.png$/,
      ],
    ];
    for (const [name, bytes, message] of cases) {
      const reply = await upload(name, bytes);
      expect(reply.status).toBe(422);
      expect(reply.body.message).toMatch(message);
    }
    expect(stored()).toEqual([]);
  });

  it('refuses an image over 50 MB, saying the limit, before reading it', async () => {
    await start();
    const big = Buffer.alloc(51 * 1024 * 1024, 7);
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#0f0' } })
      .png()
      .toBuffer();
    png.copy(big);
    const reply = await upload('scan.png', big);
    expect(reply.status).toBe(422);
    expect(reply.body.message).toBe('Image too large: scan.png is 51.0 MB (limit 50 MB)');
    expect(stored()).toEqual([]);
  });

  it('names the stored file by its content, never by the given name', async () => {
    await start();
    const red = path.join(tmp, 'red.png');
    await solid(red, [220, 25, 25]);
    const bytes = fs.readFileSync(red);
    const names = ['../../evil name.png', '.hidden', 'a/b\\c.png', 'x'.repeat(255), 'red.jpg'];
    const paths = new Set<string>();
    for (const name of names) {
      const reply = await upload(name, bytes);
      expect(reply.body.ok, reply.body.message).toBe(true);
      paths.add(reply.body.value!.path);
    }
    expect([...paths]).toHaveLength(1);
    const [file] = [...paths];
    expect(path.dirname(file!)).toBe(queries);
    expect(path.basename(file!)).toMatch(/^[0-9a-f]{32}\.png$/);
    expect(fs.readFileSync(file!).equals(bytes)).toBe(true);
    // A JPEG called .png is stored as what it is.
    const jpeg = path.join(tmp, 'blue.jpg');
    await solid(jpeg, [25, 50, 220]);
    const asPng = await upload('blue.png', fs.readFileSync(jpeg));
    expect(path.basename(asPng.body.value!.path)).toMatch(/^[0-9a-f]{32}\.jpg$/);
    expect(asPng.body.value!.name).toBe('blue.png');
    expect(stored()).toEqual([path.basename(file!), path.basename(asPng.body.value!.path)].sort());
  });

  it('removes old uploads at start and after each upload, keeping recent, searched-by and queued ones', async () => {
    const sample = path.join(tmp, 'sample.png');
    await solid(sample, [25, 170, 40]);
    fs.mkdirSync(queries, { recursive: true });
    const now = Date.now();
    // KEEP_RECENT + 5 uploads unused for 30 days (a minute apart), one as an older version stored it.
    const old = Array.from({ length: KEEP_RECENT + 5 }, (_, i) => {
      const name = `${i.toString(16).padStart(32, '0')}.png`;
      const file = path.join(queries, name);
      fs.copyFileSync(sample, file);
      const at = new Date(now - 30 * DAY - i * 60_000);
      fs.utimesSync(file, at, at);
      return file;
    });
    const legacy = path.join(queries, 'f'.repeat(32));
    fs.mkdirSync(legacy);
    fs.copyFileSync(sample, path.join(legacy, 'holiday.png'));
    const legacyAt = new Date(now - 40 * DAY);
    fs.utimesSync(path.join(legacy, 'holiday.png'), legacyAt, legacyAt);
    fs.utimesSync(legacy, legacyAt, legacyAt);
    const fresh = path.join(queries, `${'e'.repeat(32)}.png`);
    fs.copyFileSync(sample, fresh);
    // The oldest is a reference of a job still queued.
    const queued = old.at(-1)!;
    const catalog = Catalog.open(path.join(data, 'catalog.db'));
    new GenerationRecords(catalog.db).create({
      prompt: 'a lantern',
      params: { model: 'gemini-2.5-flash-image', count: 1 },
      references: [
        {
          contentKey: 'k',
          path: queued,
          name: 'q.png',
          source: 'chosen',
          mimeType: 'image/png',
          width: 96,
          height: 96,
          bytes: 10,
        },
      ],
    });
    catalog.close();

    await start();
    // Kept: the KEEP_RECENT most recent (the fresh one and old[0..KEEP_RECENT-2]) and the queued one.
    const expected = new Set([fresh, ...old.slice(0, KEEP_RECENT - 1), queued].map((f) => path.basename(f)));
    expect(stored()).toEqual([...expected].sort());

    // Searching by the least recent upload marks it used: the next prune passes it over.
    const leastRecent = old[KEEP_RECENT - 2]!;
    const nextOldest = old[KEEP_RECENT - 3]!;
    const searched = await api('search.query', { images: [leastRecent], limit: 1 });
    expect(searched.body.ok, searched.body.message).toBe(true);

    const blue = path.join(tmp, 'blue.png');
    await solid(blue, [25, 50, 220]);
    const added = await upload('blue.png', fs.readFileSync(blue));
    expect(added.body.ok, added.body.message).toBe(true);
    expect(fs.existsSync(leastRecent)).toBe(true);
    expect(fs.existsSync(nextOldest)).toBe(false);
    expect(fs.existsSync(queued)).toBe(true);
    expect(fs.existsSync(added.body.value!.path)).toBe(true);
    expect(stored()).toHaveLength(KEEP_RECENT + 1);
  });

  it(
    'lists stored uploads as the Uploads folder, browsable, and forgets each one pruned',
    { timeout: 180_000 },
    async () => {
      await start();
      const browseUploads = async () => (await api<BrowsePage>('library.browse', { folder: queries })).body.value!;
      const waitForCount = (count: number) =>
        vi.waitFor(
          async () => {
            expect((await uploadsNode())?.count).toBe(count);
          },
          { timeout: 120_000, interval: 100 },
        );

      const red = path.join(tmp, 'red.png');
      await solid(red, [220, 25, 25]);
      const first = await upload('red.png', fs.readFileSync(red));
      expect(first.body.ok, first.body.message).toBe(true);
      await waitForCount(1);
      expect((await uploadsNode())?.name).toBe('Uploads');
      const page = await browseUploads();
      expect(page.total).toBe(1);
      expect(page.results.map((r) => r.path)).toEqual([first.body.value!.path]);
      // Found by an example too, but never by itself: the image dropped is not what was looked for.
      const green = path.join(tmp, 'green.png');
      await solid(green, [25, 170, 40]);
      const other = await upload('green.png', fs.readFileSync(green));
      expect(other.body.ok, other.body.message).toBe(true);
      await waitForCount(2);
      const found = await api<{ results: Array<{ path: string }> }>('search.query', {
        images: [other.body.value!.path],
        limit: 5,
      });
      expect(found.body.ok, found.body.message).toBe(true);
      expect(found.body.value!.results.map((r) => r.path)).toEqual([first.body.value!.path]);
      const similar = await api<{ results: Array<{ path: string }> }>('search.similar', {
        path: first.body.value!.path,
        limit: 1,
      });
      expect(similar.body.value?.results.map((r) => r.path)).toEqual([other.body.value!.path]);

      // The first upload falls out of use: KEEP_RECENT more recent ones and 30 days pass.
      const longAgo = new Date(Date.now() - 30 * DAY);
      fs.utimesSync(first.body.value!.path, longAgo, longAgo);
      for (let i = 0; i < KEEP_RECENT; i++)
        fs.copyFileSync(red, path.join(queries, `${i.toString(16).padStart(32, 'a')}.png`));
      const blue = path.join(tmp, 'blue.png');
      await solid(blue, [25, 50, 220]);
      const second = await upload('blue.png', fs.readFileSync(blue));
      expect(second.body.ok, second.body.message).toBe(true);
      // Gone from disk and, before any index runs again, from the catalog.
      expect(fs.existsSync(first.body.value!.path)).toBe(false);
      expect((await browseUploads()).results.map((r) => r.path)).not.toContain(first.body.value!.path);
      // The next index takes in the upload and the files found in the folder; the green one stays.
      await waitForCount(KEEP_RECENT + 2);
      const all = await api<BrowsePage>('library.browse', { folder: queries, limit: 500 });
      expect(all.body.value!.results.map((r) => r.path)).toContain(second.body.value!.path);
      expect(all.body.value!.results.map((r) => r.path)).not.toContain(first.body.value!.path);
    },
  );

  it('indexes uploads made without a model once one is imported', { timeout: 180_000 }, async () => {
    await start('none installed');
    const red = path.join(tmp, 'red.png');
    await solid(red, [220, 25, 25]);
    const first = await upload('red.png', fs.readFileSync(red));
    expect(first.body.ok, first.body.message).toBe(true);
    // Kept, but not indexed: no model is installed, and none is downloaded unasked.
    expect(stored()).toEqual([path.basename(first.body.value!.path)]);
    expect(await uploadsNode()).toBeUndefined();

    const imported = await api<{ id: string; installed: boolean }>('models.import', { path: COLOR_MODEL });
    expect(imported.body.value, imported.body.message).toMatchObject({ id: 'color', installed: true });
    await vi.waitFor(
      async () => {
        expect((await uploadsNode())?.count).toBe(1);
      },
      { timeout: 120_000, interval: 100 },
    );
    const page = (await api<BrowsePage>('library.browse', { folder: queries })).body.value!;
    expect(page.results.map((r) => r.path)).toEqual([first.body.value!.path]);
  });

  it('indexes uploads made without a model once searches switch to one', { timeout: 180_000 }, async () => {
    await start('none installed');
    // Installed under an id of its own (its files are no registry model's): not the default, so not used yet.
    const tiny = await api<{ id: string }>('models.import', { path: TINY_MODEL });
    expect(tiny.body.ok, tiny.body.message).toBe(true);
    const green = path.join(tmp, 'green.png');
    await solid(green, [25, 170, 40]);
    const first = await upload('green.png', fs.readFileSync(green));
    expect(first.body.ok, first.body.message).toBe(true);
    expect(await uploadsNode()).toBeUndefined();

    const used = await api<{ switched: boolean }>('models.use', { id: tiny.body.value!.id });
    expect(used.body.value, used.body.message).toMatchObject({ switched: true });
    await vi.waitFor(
      async () => {
        expect((await uploadsNode())?.count).toBe(1);
      },
      { timeout: 120_000, interval: 100 },
    );
  });
});
