/**
 * The embedded store on disk: a saved index is reused as it is, one that is
 * missing, truncated or garbage is rebuilt (without crashing), one that
 * missed writes catches up without a rebuild, and a lost entry table asks the
 * catalog for everything again. Real files, real usearch.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddedStore } from '../../src/main/core/vectors/embedded/embeddedStore';
import { readSidecar, spaceFiles } from '../../src/main/core/vectors/embedded/indexFiles';
import { bruteForce, DIM, entries, fill, queries, recall } from './embeddedFixtures';

const model = { id: 'clip-test', dim: DIM };
const N = 1500;
const library = entries(0, N);
const qs = queries(20);

describe('embedded store on disk', () => {
  let dir: string;
  let files: ReturnType<typeof spaceFiles>;
  const open: EmbeddedStore[] = [];
  const store = () => {
    const s = new EmbeddedStore({ dir, exactThreshold: 100, idleSaveMs: 60_000, saveEvery: 1_000_000 });
    open.push(s);
    return s;
  };
  /** Mean recall@10 against brute force over `lib`. */
  const quality = async (s: EmbeddedStore, lib = library) => {
    let total = 0;
    for (const q of qs) total += recall(await s.search(model, q, 10), bruteForce(lib, q, 10));
    return total / qs.length;
  };
  const built = async () => {
    const s = store();
    await fill(s, model, library);
    await s.flush(model);
    await s.close();
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-embedded-'));
    files = spaceFiles(dir, model.id);
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reuses the saved index on reopen, with no rebuild and no full sync', async () => {
    await built();
    expect(readSidecar(files.sidecar)).toMatchObject({ model: model.id, dim: DIM, count: N, quantization: 'i8' });
    const s = store();
    expect(await s.needsFullSync(model)).toBe(false);
    await s.indexed(model);
    expect(await s.stats(model)).toMatchObject({ index: 'hnsw', indexSource: 'loaded', indexBuilds: 0, indexed: N });
    expect((await s.stats(model)).indexApplied).toBe(0);
    expect(await quality(s)).toBeGreaterThanOrEqual(0.98);
  });

  it.each([
    ['deleted', () => fs.rmSync(files.index)],
    ['truncated', () => fs.truncateSync(files.index, Math.floor(fs.statSync(files.index).size / 2))],
    [
      'garbage of the same size',
      () => fs.writeFileSync(files.index, Buffer.alloc(fs.statSync(files.index).size, 0x5a)),
    ],
    [
      'from another table',
      () =>
        fs.writeFileSync(
          files.sidecar,
          fs.readFileSync(files.sidecar, 'utf8').replace(/"tableId": "[^"]+"/, '"tableId": "x"'),
        ),
    ],
  ])('rebuilds an index file that was %s, and answers right meanwhile', async (_, damage) => {
    await built();
    damage();
    const s = store();
    expect(await s.needsFullSync(model)).toBe(false);
    // Answers before the rebuild is done are exact over what it has not indexed yet.
    for (const q of qs.slice(0, 3))
      expect((await s.search(model, q, 10)).map((h) => h.path)).toEqual(bruteForce(library, q, 10));
    await s.indexed(model);
    expect(await s.stats(model)).toMatchObject({ indexSource: 'built', indexBuilds: 1, indexed: N });
    expect(await quality(s)).toBeGreaterThanOrEqual(0.98);
    await s.close();
    expect(readSidecar(files.sidecar)).toMatchObject({ count: N });
  });

  it('catches a stale index up with the writes it missed (a crash before the save), without a rebuild', async () => {
    await built();
    const crashed = store();
    const gone = library.slice(0, 40);
    await crashed.delete(
      model,
      gone.map((e) => e.path),
    );
    const added = entries(N, 60);
    await crashed.upsert(model, added);
    await crashed.indexed(model); // applied in memory, never saved: the process "dies" here

    const s = store();
    await s.indexed(model);
    expect(await s.stats(model)).toMatchObject({
      indexSource: 'loaded',
      indexBuilds: 0,
      indexApplied: 100,
      indexed: N + 20,
    });
    const now = [...library.slice(40), ...added];
    expect(await quality(s, now)).toBeGreaterThanOrEqual(0.98);
    for (const e of gone) expect((await s.search(model, e.vector, 1))[0]!.path).not.toBe(e.path);
    for (const e of added.slice(0, 10)) expect((await s.search(model, e.vector, 1))[0]!.path).toBe(e.path);
  });

  it('resumes an index build cut off by a close where it stopped', async () => {
    const s = store();
    await fill(s, model, library);
    await s.close(); // mid-build: what was applied is saved
    const partial = readSidecar(files.sidecar)!;
    expect(partial.count).toBeGreaterThan(0);
    expect(partial.count).toBeLessThan(N);
    const again = store();
    await again.indexed(model);
    expect(await again.stats(model)).toMatchObject({ indexSource: 'loaded', indexBuilds: 0, indexed: N });
    expect((await again.stats(model)).indexApplied).toBe(N - partial.count);
  });

  it('asks for a full sync when its entry table is lost or unreadable, and builds from what it gets', async () => {
    await built();
    fs.rmSync(dir, { recursive: true });
    const s = store();
    expect(await s.needsFullSync(model)).toBe(true);
    expect(await s.count(model)).toBe(0);
    await fill(s, model, library);
    expect(await s.needsFullSync(model)).toBe(false);
    await s.flush(model);
    await s.close();

    fs.writeFileSync(files.db, 'not a database, just bytes '.repeat(1000));
    fs.rmSync(`${files.db}-wal`, { force: true });
    const t = store();
    expect(await t.needsFullSync(model)).toBe(true);
    expect(await t.count(model)).toBe(0);
    expect(fs.existsSync(`${files.db}.corrupt`)).toBe(true);
    expect(await t.stats(model)).toMatchObject({ indexSource: 'none' }); // the old index belonged to the old table
  });

  it('reset empties the model and removes its index files', async () => {
    await built();
    const s = store();
    await s.reset(model);
    expect(await s.count(model)).toBe(0);
    expect(await s.search(model, qs[0]!, 5)).toEqual([]);
    expect(fs.existsSync(files.index)).toBe(false);
    expect(fs.existsSync(files.sidecar)).toBe(false);
    await s.close();
    const t = store();
    expect(await t.count(model)).toBe(0);
    expect(await t.needsFullSync(model)).toBe(false);
  });
});
