/**
 * Each model's count of vectors and their width, kept beside the vectors by
 * triggers (there is no index of vectors by model): right through every way a
 * vector is written or goes, filled from the vectors a catalog already had,
 * and what reads one model's vectors finds them in the key index. On real
 * SQLite files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { ChangeLog } from '../../src/main/core/catalog/changeLog';
import { embeddedKey } from '../../src/main/core/catalog/embeddedMark';
import { migrations } from '../../src/main/core/catalog/migrations';
import { deleteEmbeddings, embeddingBytes, embeddingDim } from '../../src/main/core/catalog/modelEmbeddings';
import { contentVectors } from '../../src/main/core/organize/contentVectors';
import { scoreFiles } from '../../src/main/core/organize/vectorScores';

const vector = (dim: number, seed: number) => Float32Array.from({ length: dim }, (_, i) => ((i + seed) % 7) - 3);

/** What the triggers keep, against what the vectors themselves say. */
function expectCountsOfVectors(c: Catalog): void {
  const kept = c.db.prepare(`SELECT model_id, count, dim FROM model_vectors ORDER BY model_id`).all();
  const actual = c.db
    .prepare(`SELECT model_id, count(*) AS count, max(dim) AS dim FROM embeddings GROUP BY model_id ORDER BY model_id`)
    .all();
  expect(kept).toEqual(actual);
}

describe("each model's count of vectors", () => {
  let dir: string;
  let c: Catalog;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-modelvec-'));
    c = Catalog.open(path.join(dir, 'catalog.db'));
  });
  afterEach(() => {
    c.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const putFile = (rootId: number, file: string, contentKey: string) =>
    c.putFile({ rootId, path: file, contentKey, size: 1, mtimeMs: 1, width: 1, height: 1, format: 'png' });

  it('follows vectors written, written again, orphaned, removed with a folder and freed with a model', () => {
    const lib = c.addRoot('/lib').id;
    const other = c.addRoot('/other').id;
    for (let i = 0; i < 5; i++) {
      putFile(i < 3 ? lib : other, `/${i < 3 ? 'lib' : 'other'}/${i}.png`, `k${i}`);
      c.putEmbedding(`k${i}`, 'clip-a', vector(8, i));
    }
    c.putEmbedding('k0', 'clip-b', vector(4, 0));
    c.putEmbedding('k1', 'clip-b', vector(4, 1));
    expectCountsOfVectors(c);
    expect(c.db.prepare(`SELECT count FROM model_vectors WHERE model_id = 'clip-a'`).pluck().get()).toBe(5);
    const before = embeddedKey(c.db, lib, 'clip-a');

    // Written again: still one vector, the new one.
    c.putEmbedding('k0', 'clip-a', vector(8, 9));
    expectCountsOfVectors(c);
    expect([...c.embedding('k0', 'clip-a')!]).toEqual([...vector(8, 9)]);
    expect(embeddedKey(c.db, lib, 'clip-a')).toBe(before);

    c.deleteFile('/lib/2.png');
    expect(c.deleteOrphanEmbeddings()).toBe(1);
    expectCountsOfVectors(c);
    expect(embeddedKey(c.db, lib, 'clip-a')).not.toBe(before);

    c.removeRoot('/other');
    expectCountsOfVectors(c);
    expect(embeddingBytes(c.db, 'clip-a')).toBe(2 * 8 * 4);
    expect(embeddingDim(c.db, 'clip-b')).toBe(4);
    expect(new ChangeLog(c).models()).toEqual([
      { id: 'clip-a', dim: 8 },
      { id: 'clip-b', dim: 4 },
    ]);

    expect(deleteEmbeddings(c.db, 'clip-b')).toBe(2);
    expectCountsOfVectors(c);
    expect(embeddingDim(c.db, 'clip-b')).toBeNull();
    expect(embeddingBytes(c.db, 'clip-b')).toBe(0);
    expect(c.hasEmbedding('k0', 'clip-a')).toBe(true);
    expect(new ChangeLog(c).models()).toEqual([{ id: 'clip-a', dim: 8 }]);
  });

  it("reads one model's vectors through the key index, never a scan of every model's", () => {
    const lib = c.addRoot('/lib').id;
    for (let i = 0; i < 3; i++) {
      putFile(lib, `/lib/${i}.png`, `k${i}`);
      c.putEmbedding(`k${i}`, 'clip-a', vector(8, i));
      c.putEmbedding(`k${i}`, 'clip-b', vector(4, i));
    }
    const a = contentVectors(c.db, 'clip-a');
    expect(a.keys.sort()).toEqual(['k0', 'k1', 'k2']);
    expect(a.dim).toBe(8);
    expect(
      scoreFiles(c.db, 'clip-b', Float32Array.from([1, 0, 0, 0]))
        .map((s) => s.path)
        .sort(),
    ).toEqual(['/lib/0.png', '/lib/1.png', '/lib/2.png']);
    const plan = (sql: string) =>
      (c.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('clip-a') as Array<{ detail: string }>).map((p) => p.detail);
    const byModel = plan(`SELECT rowid FROM embeddings WHERE model_id = ?`);
    expect(byModel).toEqual([expect.stringMatching(/COVERING INDEX sqlite_autoindex_embeddings_1/)]);
  });

  it('is filled from the vectors a catalog already had when it migrates', () => {
    c.close();
    const file = path.join(dir, 'older.db');
    const old = new Database(file);
    for (let v = 0; v < 27; v++) old.exec(migrations[v]!);
    old.pragma('user_version = 27');
    const put = old.prepare(`INSERT INTO embeddings VALUES (?, ?, ?, ?, 0)`);
    for (let i = 0; i < 4; i++) put.run(`k${i}`, 'clip-a', 8, Buffer.alloc(32));
    put.run('k0', 'clip-b', 4, Buffer.alloc(16));
    old.close();
    c = Catalog.open(file);
    expect(c.db.prepare(`SELECT model_id, count, dim FROM model_vectors ORDER BY model_id`).all()).toEqual([
      { model_id: 'clip-a', count: 4, dim: 8 },
      { model_id: 'clip-b', count: 1, dim: 4 },
    ]);
    expect(c.db.prepare(`SELECT name FROM sqlite_schema WHERE name = 'embeddings_model'`).all()).toEqual([]);
  });
});
