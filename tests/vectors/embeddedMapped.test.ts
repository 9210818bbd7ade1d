/**
 * The embedded store maps its saved index instead of reading it: searches
 * answer right after the open, a change reads the index whole and goes on as
 * before, what is saved maps again on the next open, and another process that
 * saves a new index over the mapped file changes nothing for the searches
 * under way. A mapped file is trusted by the stamp its writer recorded, or
 * else by its checksum, and never mapped when its layout would lead the native
 * code past its end. Real files, real usearch, a real second process.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddedStore, type EmbeddedStoreOptions } from '../../src/main/core/vectors/embedded/embeddedStore';
import { fileStamp, readSidecar, spaceFiles, writeSidecar } from '../../src/main/core/vectors/embedded/indexFiles';
import { ROOT } from '../helpers/paths';
import { bruteForce, DIM, entries, fill, queries, recall } from './embeddedFixtures';

const CHILD = path.join(ROOT, 'tests/helpers/embeddedWriterChild.ts');
const model = { id: 'clip-test', dim: DIM };
const N = 1500;
const library = entries(0, N);
const qs = queries(20);
const gone = library.slice(0, 40);
const added = entries(N, 60);
const now = [...library.slice(40), ...added];

describe('embedded store with a mapped index', { timeout: 120_000 }, () => {
  let dir: string;
  let files: ReturnType<typeof spaceFiles>;
  const open: EmbeddedStore[] = [];
  const store = (options: EmbeddedStoreOptions = {}, at = dir) => {
    const s = new EmbeddedStore({ dir: at, exactThreshold: 100, idleSaveMs: 60_000, saveEvery: 1_000_000, ...options });
    open.push(s);
    return s;
  };
  const quality = async (s: EmbeddedStore, lib = library) => {
    let total = 0;
    for (const q of qs) total += recall(await s.search(model, q, 10), bruteForce(lib, q, 10));
    return total / qs.length;
  };
  /** The changes `gone` and `added` stand for: each gone entry is no longer found, each added one is. */
  const reflectsChanges = async (s: EmbeddedStore) => {
    for (const e of gone.slice(0, 10)) expect((await s.search(model, e.vector, 1))[0]!.path).not.toBe(e.path);
    for (const e of added.slice(0, 10)) expect((await s.search(model, e.vector, 1))[0]!.path).toBe(e.path);
  };
  const built = async (options: EmbeddedStoreOptions = {}) => {
    const s = store(options);
    await fill(s, model, library);
    await s.flush(model);
    await s.close();
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-mapped-'));
    files = spaceFiles(dir, model.id);
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers from the mapped index at once, keeps changes beside it, and maps what a flush saved on the next open', async () => {
    await built();
    const s = store();
    // Nothing awaited: the open alone made the index searchable.
    expect(await s.stats(model)).toMatchObject({ index: 'hnsw', indexSource: 'loaded', indexMapped: true, indexed: N });
    expect(await quality(s)).toBeGreaterThanOrEqual(0.98);

    await s.delete(
      model,
      gone.map((e) => e.path),
    );
    await s.upsert(model, added);
    await reflectsChanges(s); // right before the index has them: removals fail to come back, additions are scored exactly
    await s.indexed(model);
    expect(await s.stats(model)).toMatchObject({
      indexMapped: true,
      indexBuilds: 0,
      indexApplied: 100,
      indexed: N + 20,
    });
    await reflectsChanges(s);
    expect(await quality(s, now)).toBeGreaterThanOrEqual(0.98);

    // A save reads the index whole and applies the changes to it again.
    await s.flush(model);
    expect(await s.stats(model)).toMatchObject({
      indexMapped: false,
      indexBuilds: 0,
      indexApplied: 200,
      indexed: N + 20,
    });
    await s.close();
    expect(readSidecar(files.sidecar)).toMatchObject({ count: N + 20, stamp: fileStamp(files.index) });

    const t = store();
    expect(await t.stats(model)).toMatchObject({ indexMapped: true, indexBuilds: 0, indexApplied: 0, indexed: N + 20 });
    expect(await quality(t, now)).toBeGreaterThanOrEqual(0.98);
    await reflectsChanges(t);
  });

  it('leaves a few changes to be applied again on the next open rather than rewrite the file on close', async () => {
    await built();
    const before = readSidecar(files.sidecar);
    const s = store();
    await s.delete(
      model,
      gone.map((e) => e.path),
    );
    await s.upsert(model, added);
    await s.indexed(model);
    await s.close();
    expect(readSidecar(files.sidecar)).toEqual(before);

    const t = store();
    await t.indexed(model);
    expect(await t.stats(model)).toMatchObject({
      indexMapped: true,
      indexBuilds: 0,
      indexApplied: 100,
      indexed: N + 20,
    });
    await reflectsChanges(t);
    expect(await quality(t, now)).toBeGreaterThanOrEqual(0.98);
  });

  it('reads the index whole once the changes beside it reach saveEvery, and goes on changing it in place', async () => {
    await built();
    const s = store({ saveEvery: 30 });
    await s.delete(
      model,
      gone.map((e) => e.path),
    );
    await s.upsert(model, added);
    await s.indexed(model);
    const stats = await s.stats(model);
    expect(stats).toMatchObject({ indexMapped: false, indexSource: 'loaded', indexBuilds: 0, indexed: N + 20 });
    // Whatever was applied beside the file before it was read whole was applied again after.
    expect(stats.indexApplied).toBeGreaterThan(100);
    await reflectsChanges(s);
    expect(await quality(s, now)).toBeGreaterThanOrEqual(0.98);
  });

  it('finds as many as asked among a mapped file with most of its nearest removed', async () => {
    await built();
    const s = store();
    const q = qs[0]!;
    // The 300 nearest to the query go: the file's own nearest are all left out, and the 10 asked must come from further.
    const nearest = bruteForce(library, q, 300);
    await s.delete(model, nearest);
    await s.indexed(model);
    expect(await s.stats(model)).toMatchObject({ indexMapped: true, indexed: N - 300 });
    const rest = library.filter((e) => !nearest.includes(e.path));
    const hits = await s.search(model, q, 10);
    expect(hits).toHaveLength(10);
    expect(recall(hits, bruteForce(rest, q, 10))).toBeGreaterThanOrEqual(0.9);
  });

  it('maps an f16 index as well', async () => {
    await built({ quantization: 'f16' });
    const s = store({ quantization: 'f16' });
    expect(await s.stats(model)).toMatchObject({ indexMapped: true, indexSource: 'loaded', indexed: N });
    expect(await quality(s)).toBeGreaterThanOrEqual(0.98);
  });

  it('reads the index whole on open when told not to map it', async () => {
    await built();
    const s = store({ mapIndex: false });
    expect(await s.stats(model)).toMatchObject({
      indexMapped: false,
      indexSource: 'loaded',
      indexBuilds: 0,
      indexed: N,
    });
    expect(await quality(s)).toBeGreaterThanOrEqual(0.98);
  });

  it('keeps answering from its mapped file while another process saves a new index over it, then goes on from that one', async () => {
    await built();
    const s = store();
    expect(await s.stats(model)).toMatchObject({ indexMapped: true });
    expect(await quality(s)).toBeGreaterThanOrEqual(0.98);
    const mappedStamp = fileStamp(files.index);

    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', CHILD, dir, String(N), String(gone.length), String(added.length)],
      { cwd: ROOT },
    );
    expect(stdout.trim().split('\n')).toEqual([JSON.stringify({ builds: 0, mapped: false }), 'saved']);
    // The file this store maps is no longer the one at its path.
    expect(fileStamp(files.index)!.ino).not.toBe(mappedStamp!.ino);
    expect(readSidecar(files.sidecar)).toMatchObject({ count: N + 20, stamp: fileStamp(files.index) });

    await reflectsChanges(s);
    expect(await quality(s, now)).toBeGreaterThanOrEqual(0.98);
    await s.indexed(model);
    // The other process's changes, applied beside the file this store still maps.
    expect(await s.stats(model)).toMatchObject({
      indexMapped: true,
      indexBuilds: 0,
      indexApplied: 100,
      indexed: N + 20,
    });
    // Its save reads the other process's index whole, which already holds every change: nothing is applied again.
    await s.flush(model);
    expect(await s.stats(model)).toMatchObject({
      indexMapped: false,
      indexSource: 'loaded',
      indexBuilds: 0,
      indexApplied: 100,
      indexed: N + 20,
    });
    await reflectsChanges(s);
    expect(await quality(s, now)).toBeGreaterThanOrEqual(0.98);
  });

  it.each([
    ['garbage throughout', (buf: Buffer) => buf.fill(0x5a)],
    [
      'a matrix that claims more rows than the file holds',
      (buf: Buffer) => buf.writeUInt32LE(buf.readUInt32LE(0) * 4, 0),
    ],
    [
      'a node level that does not add up to the file',
      (buf: Buffer) => {
        const first = 8 + buf.readUInt32LE(0) * buf.readUInt32LE(4) + 64 + 40;
        buf.writeInt16LE(buf.readInt16LE(first) + 1, first);
      },
    ],
  ])('rebuilds rather than maps a file its stamp vouches for but whose layout is %s', async (_, damage) => {
    await built();
    const bytes = fs.readFileSync(files.index);
    damage(bytes);
    fs.writeFileSync(files.index, bytes);
    // As if the file had been changed within its writer's clock tick: its stamp still says it is the one saved.
    writeSidecar(files.sidecar, { ...readSidecar(files.sidecar)!, stamp: fileStamp(files.index)! });
    const s = store();
    for (const q of qs.slice(0, 3))
      expect((await s.search(model, q, 10)).map((h) => h.path)).toEqual(bruteForce(library, q, 10));
    await s.indexed(model);
    expect(await s.stats(model)).toMatchObject({
      indexSource: 'built',
      indexBuilds: 1,
      indexMapped: false,
      indexed: N,
    });
    expect(await quality(s)).toBeGreaterThanOrEqual(0.98);
  });

  it.each([
    ['a copied data folder (new files, so new stamps)', (from: string, to: string) => copyFolder(from, to)],
    [
      'a sidecar from before stamps were recorded',
      (from: string, to: string) => {
        copyFolder(from, to);
        const { sidecar } = spaceFiles(to, model.id);
        const { stamp: _, ...older } = readSidecar(sidecar)!;
        writeSidecar(sidecar, older);
      },
    ],
  ])('checks %s by its checksum once, then records its stamp', async (_, make) => {
    await built();
    const copy = path.join(dir, 'copy');
    make(dir, copy);
    const copied = spaceFiles(copy, model.id);
    expect(readSidecar(copied.sidecar)!.stamp).not.toEqual(fileStamp(copied.index));
    const s = store({}, copy);
    expect(await s.stats(model)).toMatchObject({
      indexMapped: true,
      indexSource: 'loaded',
      indexBuilds: 0,
      indexed: N,
    });
    expect(await quality(s)).toBeGreaterThanOrEqual(0.98);
    expect(readSidecar(copied.sidecar)!.stamp).toEqual(fileStamp(copied.index));
  });

  it('checks a file whose stamp is not the recorded one by its checksum, and rebuilds it when that differs', async () => {
    await built();
    const bytes = fs.readFileSync(files.index);
    // One byte of one vector: the layout still fits, only the checksum can tell.
    bytes[8] = bytes[8]! ^ 0xff;
    fs.writeFileSync(files.index, bytes);
    // Rewritten in place, the same inode: its modification time is what tells (set apart from the
    // save's, which a rewrite within the same clock tick could share).
    fs.utimesSync(files.index, new Date(2001, 0, 1), new Date(2001, 0, 1));
    const s = store();
    await s.indexed(model);
    expect(await s.stats(model)).toMatchObject({ indexSource: 'built', indexBuilds: 1, indexed: N });
  });
});

function copyFolder(from: string, to: string): void {
  fs.mkdirSync(to);
  for (const name of fs.readdirSync(from)) {
    const file = path.join(from, name);
    if (fs.statSync(file).isFile()) fs.copyFileSync(file, path.join(to, name));
  }
}
