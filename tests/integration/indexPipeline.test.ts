/**
 * The indexer's pipeline with its real parts (SQLite catalog, encoder worker,
 * tiny random CLIP): batches sized by the encoder, a bounded number in flight
 * (backpressure: the library's size never decides how much is decoded ahead),
 * a broken image inside a batch skipped with its reason while its neighbours
 * are indexed, stage timings per batch, and cancellation that commits only
 * whole batches.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import type { ClipEncoder } from '../../src/main/core/clip/encoderClient';
import { contentKey } from '../../src/main/core/files/contentKey';
import { type BatchStats, indexFolders } from '../../src/main/core/indexer/indexer';
import { planIndex } from '../../src/main/core/indexer/plan';
import { scanFolder } from '../../src/main/core/indexer/scan';
import type { IndexProgress } from '../../src/shared/types';
import { fixtureEncoder } from '../helpers/encoder';
import { solid } from '../helpers/images';
import { IMAGES, TINY_MODEL } from '../helpers/paths';

const COUNT = 60;

/** The real encoder, counting how many image requests are outstanding at once. */
function counting(encoder: ClipEncoder) {
  const seen = { outstanding: 0, most: 0, sizes: [] as number[] };
  const wrapped: ClipEncoder = {
    model: encoder.model,
    ready: () => encoder.ready(),
    batchSize: () => encoder.batchSize(),
    embedTexts: (texts) => encoder.embedTexts(texts),
    close: () => encoder.close(),
    async embedImages(paths) {
      seen.sizes.push(paths.length);
      seen.most = Math.max(seen.most, ++seen.outstanding);
      try {
        return await encoder.embedImages(paths);
      } finally {
        seen.outstanding--;
      }
    },
  };
  return { encoder: wrapped, seen };
}

describe('the indexing pipeline', () => {
  let tmp: string;
  let lib: string;
  let encoder: ClipEncoder;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-pipeline-'));
    lib = path.join(tmp, 'lib');
    for (let i = 0; i < COUNT; i++) {
      const c = (i * 53) % 256;
      await solid(path.join(lib, `img-${String(i).padStart(3, '0')}.png`), [c, 255 - c, (i * 29) % 256], 64);
    }
    // Sorted between img-020 and img-021: inside a batch, not at its edge.
    fs.copyFileSync(path.join(IMAGES, 'truncated.jpg'), path.join(lib, 'img-020b.jpg'));
    encoder = fixtureEncoder(TINY_MODEL);
  });
  afterAll(async () => {
    await encoder.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('keeps at most three batches in flight, sized by the encoder, and reports each stage', async () => {
    const catalog = Catalog.open(path.join(tmp, 'a.db'));
    const { encoder: enc, seen } = counting(encoder);
    const stats: BatchStats[] = [];
    const progress: IndexProgress[] = [];
    const summary = await indexFolders(
      { catalog, encoder: enc },
      { folders: [lib], jobId: 'a', onBatch: (s) => stats.push(s), onProgress: (p) => progress.push(p) },
    );
    expect(summary.embedded).toBe(COUNT);
    expect(summary.skipped).toEqual([
      { path: path.join(fs.realpathSync(lib), 'img-020b.jpg'), reason: 'corrupt or truncated image' },
    ]);
    // The encoder was sent the library in batches of the size it asked for, the rest in the last one.
    const size = await encoder.batchSize();
    const files = COUNT + 1;
    expect(seen.sizes).toEqual([
      ...Array<number>(Math.floor(files / size)).fill(size),
      ...(files % size ? [files % size] : []),
    ]);
    expect(stats.map((s) => s.images)).toEqual(seen.sizes);
    expect(seen.most).toBe(3);
    expect(stats.reduce((n, s) => n + s.images, 0)).toBe(COUNT + 1);
    expect(stats.every((s) => s.encodeMs > 0 && s.decodeMs > 0 && s.writeMs >= 0)).toBe(true);
    const embedding = progress.filter((p) => p.phase === 'embedding');
    expect(embedding.at(-1)).toMatchObject({ done: COUNT + 1, total: COUNT + 1 });
    expect(embedding.map((p) => p.done)).toEqual([...embedding.map((p) => p.done)].sort((x, y) => x - y));
    expect(catalog.fileCount()).toBe(COUNT);
    catalog.close();
  });

  it('reads each new file once, keyed as a hash would key it, and hashes first only what could be a move, a copy or a touch', async () => {
    const catalog = Catalog.open(path.join(tmp, 'once.db'));
    const scan = async () => [{ root: catalog.addRoot(fs.realpathSync(lib)), files: (await scanFolder(lib)).files }];
    // Nothing vanished and nothing embedded yet: only files of a size another file here shares
    // could be copies of each other and are hashed; the encoder keys what it reads of the rest.
    const sizes = fs.readdirSync(lib).map((n) => fs.statSync(path.join(lib, n)).size);
    const shared = sizes.filter((s) => sizes.indexOf(s) !== sizes.lastIndexOf(s)).length;
    expect(shared).toBeGreaterThan(0); // solid PNGs of one size compress alike
    expect(shared).toBeLessThan(COUNT);
    const planned = await planIndex({ catalog, modelId: encoder.model.id, scans: await scan() });
    expect(planned).toMatchObject({ hashed: shared, reused: 0, moved: 0, copies: [] });
    expect(planned.embed).toHaveLength(COUNT + 1);
    const first = await indexFolders({ catalog, encoder }, { folders: [lib], jobId: 'once' });
    expect(first.embedded).toBe(COUNT);
    const real = fs.realpathSync(lib);
    for (const name of ['img-000.png', 'img-031.png', 'img-059.png']) {
      const file = path.join(real, name);
      expect(catalog.fileByPath(file)?.contentKey).toBe(await contentKey(file, fs.statSync(file).size));
    }
    // Now a copy, a rename, a new photo and an edited file. Only what could be known content is
    // hashed first: the copy (its size is an embedded image's) and the rename (a vanished file's
    // size), so the copy reuses a vector and the rename is a move. The new photo and the edit, of
    // sizes nothing known has, go straight to the encoder, which keys the bytes it reads.
    const copy = path.join(lib, 'copy of img-001.png');
    const photo = path.join(lib, 'new photo.png');
    const edited = path.join(lib, 'img-003.png');
    const original = fs.readFileSync(edited);
    fs.copyFileSync(path.join(lib, 'img-001.png'), copy);
    fs.renameSync(path.join(lib, 'img-002.png'), path.join(lib, 'renamed img-002.png'));
    fs.copyFileSync(path.join(IMAGES, 'chelsea.png'), photo);
    fs.copyFileSync(path.join(IMAGES, 'horse.png'), edited);
    try {
      const sizeOf = (name: string) => fs.statSync(path.join(lib, name)).size;
      const others = fs.readdirSync(lib).filter((n) => !['new photo.png', 'img-003.png'].includes(n));
      for (const name of ['new photo.png', 'img-003.png']) expect(others.map(sizeOf)).not.toContain(sizeOf(name));
      const next = await planIndex({ catalog, modelId: encoder.model.id, scans: await scan() });
      expect(next).toMatchObject({ hashed: 2, reused: 1, moved: 1, removed: 0 });
      expect(next.embed.map((t) => path.basename(t.file.path)).sort()).toEqual(['img-003.png', 'new photo.png']);
      const second = await indexFolders({ catalog, encoder }, { folders: [lib], jobId: 'once2' });
      expect(second).toMatchObject({ embedded: 2, reused: 0, moved: 0, removed: 0 });
      for (const file of [path.join(real, 'new photo.png'), path.join(real, 'img-003.png')]) {
        expect(catalog.fileByPath(file)?.contentKey).toBe(await contentKey(file, fs.statSync(file).size));
      }
      const after = await planIndex({ catalog, modelId: encoder.model.id, scans: await scan() });
      expect(after).toMatchObject({ hashed: 0, embed: [] }); // all known and unchanged now
      // A file that is only touched keeps its vector: its size is its own known content's, so it is hashed.
      const later = new Date(Date.now() + 5000);
      fs.utimesSync(photo, later, later);
      const touched = await planIndex({ catalog, modelId: encoder.model.id, scans: await scan() });
      expect(touched).toMatchObject({ hashed: 1, embed: [] });
    } finally {
      fs.rmSync(copy);
      fs.rmSync(photo);
      fs.writeFileSync(edited, original);
      fs.renameSync(path.join(lib, 'renamed img-002.png'), path.join(lib, 'img-002.png'));
      catalog.close();
    }
  });

  it('embeds content once when an index finds copies of it, and gives the copies its vector', async () => {
    const dups = path.join(tmp, 'dups');
    fs.mkdirSync(path.join(dups, 'sub'), { recursive: true });
    const put = (from: string, to: string) => fs.copyFileSync(path.join(IMAGES, from), path.join(dups, to));
    put('chelsea.png', 'cat.png');
    put('chelsea.png', 'cat copy.png');
    put('chelsea.png', 'sub/cat again.png');
    put('coffee.png', 'coffee.png');
    put('truncated.jpg', 'broken.jpg');
    put('truncated.jpg', 'broken copy.jpg');
    const real = fs.realpathSync(dups);
    const catalog = Catalog.open(path.join(tmp, 'dups.db'));
    const read: string[] = [];
    const recording: ClipEncoder = {
      ...encoder,
      model: encoder.model,
      embedImages: (paths) => {
        read.push(...paths.map((p) => path.relative(real, p)));
        return encoder.embedImages(paths);
      },
    };
    const progress: IndexProgress[] = [];
    try {
      const summary = await indexFolders(
        { catalog, encoder: recording },
        { folders: [dups], jobId: 'dups', onProgress: (p) => progress.push(p) },
      );
      expect(summary).toMatchObject({ scanned: 6, embedded: 2, reused: 2, moved: 0 });
      expect(summary.skipped.map((s) => [path.relative(real, s.path), s.reason]).sort()).toEqual([
        ['broken copy.jpg', 'corrupt or truncated image'],
        ['broken.jpg', 'corrupt or truncated image'],
      ]);
      // One of the three cats went through the model; a broken file's copy is tried itself (its
      // original gave no vector).
      const cats = ['cat copy.png', 'cat.png', 'sub/cat again.png'];
      const embedded = read.filter((p) => cats.includes(p));
      expect(embedded).toHaveLength(1);
      expect(read.filter((p) => !cats.includes(p)).sort()).toEqual(['broken copy.jpg', 'broken.jpg', 'coffee.png']);
      const cat = catalog.fileByPath(path.join(real, embedded[0]!))!;
      expect(cat.contentKey).toBe(await contentKey(path.join(real, 'cat.png'), cat.size));
      for (const copy of cats) {
        expect(catalog.fileByPath(path.join(real, copy))).toMatchObject({
          contentKey: cat.contentKey,
          width: 451,
          height: 300,
          format: 'png',
        });
      }
      expect(catalog.fileCount()).toBe(4);
      expect(progress.at(-1)).toMatchObject({ phase: 'done', done: 6, total: 6 });
    } finally {
      catalog.close();
    }
  });

  it('honours a smaller window and batch size', async () => {
    const catalog = Catalog.open(path.join(tmp, 'b.db'));
    const { encoder: enc, seen } = counting(encoder);
    const summary = await indexFolders(
      { catalog, encoder: enc },
      { folders: [lib], jobId: 'b', batchSize: 5, inFlight: 1 },
    );
    expect(summary.embedded).toBe(COUNT);
    expect(seen.most).toBe(1);
    expect(Math.max(...seen.sizes)).toBe(5);
    catalog.close();
  });

  it('stops when cancelled, committing whole batches only, and the next run does the rest', async () => {
    const catalog = Catalog.open(path.join(tmp, 'c.db'));
    const controller = new AbortController();
    let committed = 0;
    const first = await indexFolders(
      { catalog, encoder },
      {
        folders: [lib],
        jobId: 'c1',
        signal: controller.signal,
        onBatch: (s) => {
          committed += s.images;
          if (committed >= 8) controller.abort();
        },
      },
    );
    expect(first.embedded).toBeGreaterThanOrEqual(8);
    expect(first.embedded).toBeLessThan(COUNT);
    // Whatever was in flight when the signal came was still committed whole: batches of 8.
    expect(committed % 8).toBe(0);
    expect(catalog.fileCount()).toBe(first.embedded);
    const second = await indexFolders({ catalog, encoder }, { folders: [lib], jobId: 'c2' });
    expect(first.embedded + second.embedded).toBe(COUNT);
    expect(catalog.fileCount()).toBe(COUNT);
    catalog.close();
  });
});
