/**
 * The plan of a re-index with many files to hash: their keys come from a
 * thread of their own, a batch at a time, and each batch is written while the
 * next is read. Touched files keep their rows, copies take their original's
 * vector, a moved file keeps its row, a vanished one goes, as on one thread; a
 * file that cannot be read gets its error. Real files and a real
 * catalog; the keys are checked against contentKey's, a large file's too.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { contentKey } from '../../src/main/core/files/contentKey';
import { keysInThread } from '../../src/main/core/files/keysInThread';
import { planIndex } from '../../src/main/core/indexer/plan';
import type { ScannedFile } from '../../src/main/core/indexer/scan';

const MODEL = 'm';
/** More than one batch of keys (1,024); the plan is told to hash on a thread from 512 files. */
const N = 1100;

describe('a plan whose files are hashed on their own thread', () => {
  let dir: string;
  let catalog: Catalog;
  const at = (name: string) => path.join(dir, name);
  const scanned = (name: string): ScannedFile => {
    const stat = fs.statSync(at(name));
    return { path: at(name), size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs };
  };

  beforeAll(async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-plan-thread-')));
    catalog = Catalog.open(path.join(dir, 'catalog.db'));
    const root = catalog.addRoot(dir).id;
    for (let i = 0; i < N; i++) fs.writeFileSync(at(`f${i}.bin`), `file number ${String(i).padStart(4, '0')}`);
    for (let i = 0; i < N; i++) {
      const file = scanned(`f${i}.bin`);
      const key = await contentKey(file.path, file.size);
      catalog.putEmbedding(key, MODEL, new Float32Array(4));
      catalog.putFile({
        rootId: root,
        path: file.path,
        contentKey: key,
        size: file.size,
        mtimeMs: file.mtimeMs,
        width: 1,
        height: 1,
        format: 'png',
      });
    }
  });
  afterAll(() => {
    catalog.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives the keys contentKey gives, in order, a large file and a missing one among them', async () => {
    const big = at('big.bin');
    fs.writeFileSync(big, Buffer.alloc(3 << 20, 7));
    const files = [
      { path: big, size: 3 << 20 },
      { path: at('missing.bin'), size: 5 },
      ...Array.from({ length: N }, (_, i) => scanned(`f${i}.bin`)),
    ];
    const out = [];
    const sizes = [];
    for await (const batch of keysInThread(files, 256, 10)) {
      sizes.push(batch.length);
      out.push(...batch);
    }
    expect(sizes.slice(0, 3)).toEqual([10, 256, 256]);
    expect(out).toHaveLength(files.length);
    expect(out[0]).toEqual({ key: await contentKey(big, 3 << 20) });
    expect('error' in out[1]! && out[1].error.code).toBe('ENOENT');
    expect(out[2 + 123]).toEqual({ key: await contentKey(files[2 + 123]!.path, files[2 + 123]!.size) });
    fs.rmSync(big);
  });

  it('touches, copies, moves and removes as a plan on one thread does', async () => {
    const root = catalog.root(dir)!;
    const later = Date.now() / 1000 + 100;
    // Every even file touched, every odd one copied but f1, moved to moved.bin, and f3, deleted.
    for (let i = 0; i < N; i += 2) fs.utimesSync(at(`f${i}.bin`), later, later);
    for (let i = 5; i < N; i += 2) fs.copyFileSync(at(`f${i}.bin`), at(`copy${i}.bin`));
    fs.renameSync(at('f1.bin'), at('moved.bin'));
    fs.rmSync(at('f3.bin'));

    const names = fs.readdirSync(dir).filter((n) => n.endsWith('.bin'));
    const known = catalog.filesWithEmbeddingUnder(root.id, MODEL);
    const progress: number[] = [];
    const plan = await planIndex({
      catalog,
      modelId: MODEL,
      scans: [{ root, files: names.map(scanned), known }],
      onHashed: (done) => progress.push(done),
      inThread: 512,
    });
    const copies = N / 2 - 2;
    // The touched, the copies and the moved file: more than one batch of keys.
    expect(plan.hashed).toBe(N / 2 + copies + 1);
    expect(plan.reused).toBe(copies);
    expect(plan.moved).toBe(1);
    expect(plan.removed).toBe(1);
    expect(plan.embed).toEqual([]);
    expect(plan.skipped).toEqual([]);
    // Told once at the start and once per batch of keys (the first batch is small), then at the end.
    expect(progress).toEqual([0, 128, plan.hashed, plan.hashed]);

    expect(catalog.fileByPath(at('f2.bin'))!.mtimeMs).toBe(scanned('f2.bin').mtimeMs);
    expect(Math.round(scanned('f2.bin').mtimeMs / 1000)).toBe(Math.round(later));
    expect(catalog.fileByPath(at('copy7.bin'))!.contentKey).toBe(catalog.fileByPath(at('f7.bin'))!.contentKey);
    expect(catalog.fileByPath(at('moved.bin'))).toBeDefined();
    expect(catalog.fileByPath(at('f1.bin'))).toBeUndefined();
    expect(catalog.fileByPath(at('f3.bin'))).toBeUndefined();
    expect(catalog.fileCount()).toBe(N - 1 + copies);
  });
});
