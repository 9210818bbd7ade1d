/**
 * The metadata pass after an index, told which files were written since it
 * last finished: it reads those alone, a chunk at a time however many there
 * are, and reads nothing twice, nor again until a file's content changes.
 * On a real catalog.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { migrations } from '../../src/main/core/catalog/migrations';
import { metadataProblem, readFileMetadata } from '../../src/main/core/organize/fileMetadataPass';

describe('reading the metadata of the files written since the last pass', () => {
  let dir: string;
  let catalog: Catalog;
  const ids: number[] = [];
  const readAt = () => catalog.db.prepare(`SELECT count(*) AS n FROM file_metadata_reads`).pluck().get() as number;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-meta-'));
    catalog = Catalog.open(path.join(dir, 'catalog.db'));
    const root = catalog.addRoot(dir).id;
    // More files than one chunk of ids holds (1,000), so the pass walks several.
    catalog.transaction(() => {
      for (let i = 0; i < 2500; i++) {
        const file = path.join(dir, `f${i}.png`);
        catalog.putFile({
          rootId: root,
          path: file,
          contentKey: `k${i}`,
          size: 1,
          mtimeMs: 1,
          width: 1,
          height: 1,
          format: 'png',
        });
        ids.push(catalog.fileByPath(file)!.id);
      }
    });
  });
  afterAll(() => {
    catalog.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads only the files it is told of, across chunks, each once', async () => {
    // Every other file, out of order: 1,250 ids over two chunks.
    const some = ids.filter((_, i) => i % 2 === 0).reverse();
    expect(await readFileMetadata(catalog, { only: some })).toBe(1250);
    expect(readAt()).toBe(1250);
    const read = new Set(catalog.db.prepare(`SELECT file_id FROM file_metadata_reads`).pluck().all() as number[]);
    expect(some.every((id) => read.has(id))).toBe(true);

    expect(await readFileMetadata(catalog, { only: some })).toBe(0);
    expect(await readFileMetadata(catalog, { only: [] })).toBe(0);
    // The whole library: the other half is still unread.
    expect(await readFileMetadata(catalog)).toBe(1250);
    expect(readAt()).toBe(2500);
  });

  it('reads a file again when its content changes, not when it is touched or moved', async () => {
    const at = (i: number) => path.join(dir, `f${i}.png`);
    const put = (i: number, contentKey: string, mtimeMs: number) =>
      catalog.putFile({ rootId: 1, path: at(i), contentKey, size: 1, mtimeMs, width: 1, height: 1, format: 'png' });
    await readFileMetadata(catalog);
    put(0, 'k0', 2);
    catalog.moveFile(at(1), { path: path.join(dir, 'moved.png'), rootId: 1, size: 1, mtimeMs: 1 });
    put(2, 'k2-changed', 2);
    expect(readAt()).toBe(2499);
    const unread = catalog.db
      .prepare(`SELECT f.path FROM files f LEFT JOIN file_metadata_reads r ON r.file_id = f.id WHERE r.file_id IS NULL`)
      .pluck()
      .all();
    expect(unread).toEqual([at(2)]);
    expect(await readFileMetadata(catalog)).toBe(1);
    expect(readAt()).toBe(2500);
  });
});

describe('metadata reads in a catalog made before they were forgotten with a change of content', () => {
  it('keeps the reads of the content a file has, and drops those of content it no longer has', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-meta-old-'));
    try {
      const file = path.join(dir, 'catalog.db');
      const old = new Database(file);
      for (let v = 0; v < 26; v++) old.exec(migrations[v]!);
      old.pragma('user_version = 26');
      old.prepare(`INSERT INTO roots (path, added_at) VALUES (?, 0)`).run(dir);
      const add = old.prepare(
        `INSERT INTO files (root_id, path, content_key, size, mtime_ms, width, height, format, indexed_at, name, dir)
         VALUES (1, ?, ?, 1, 1, 1, 1, 'png', 0, ?, ?)`,
      );
      const read = old.prepare(`INSERT INTO file_metadata_reads VALUES (?, ?, ?, 5)`);
      const same = Number(add.run(path.join(dir, 'same.png'), 'k1', 'same.png', dir).lastInsertRowid);
      const stale = Number(add.run(path.join(dir, 'stale.png'), 'k2', 'stale.png', dir).lastInsertRowid);
      read.run(same, 'k1', 'XMP packet malformed');
      read.run(stale, 'k-before', null);
      old.close();

      const catalog = Catalog.open(file);
      expect(catalog.db.prepare(`SELECT file_id, problem, read_at FROM file_metadata_reads`).all()).toEqual([
        { file_id: same, problem: 'XMP packet malformed', read_at: 5 },
      ]);
      expect(metadataProblem(catalog, same)).toBe('XMP packet malformed');
      expect(await readFileMetadata(catalog)).toBe(1);
      expect(catalog.db.prepare(`SELECT file_id FROM file_metadata_reads ORDER BY file_id`).pluck().all()).toEqual([
        same,
        stale,
      ]);
      catalog.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
