import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { migrations } from '../../src/main/core/catalog/migrations';
import { contentKeyOfBytes, sizeOfKey } from '../../src/main/core/files/contentKey';

/** A pid no process has: one that just ended. */
function deadPid(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', '']);
    child.on('error', reject);
    child.on('exit', () => resolve(child.pid!));
  });
}

describe('the catalog', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-cat-'));
    file = path.join(dir, 'catalog.db');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates the schema at the latest version in WAL mode', () => {
    const c = Catalog.open(file);
    expect(c.db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(c.db.pragma('journal_mode', { simple: true })).toBe('wal');
    c.close();
  });

  it('makes a new catalog with 32 KB pages, and leaves an existing one the page size it has', () => {
    const c = Catalog.open(file);
    expect(c.db.pragma('page_size', { simple: true })).toBe(32768);
    c.close();
    const older = path.join(dir, 'older.db');
    const db = new Database(older);
    db.pragma('page_size = 16384');
    db.exec(migrations[0]!);
    db.pragma('user_version = 1');
    db.close();
    const o = Catalog.open(older);
    expect(o.db.pragma('page_size', { simple: true })).toBe(16384);
    expect(o.db.pragma('user_version', { simple: true })).toBe(migrations.length);
    o.close();
  });

  it('refuses a catalog from a newer version instead of damaging it', () => {
    const db = new Database(file);
    db.pragma(`user_version = ${migrations.length + 1}`);
    db.close();
    expect(() => Catalog.open(file)).toThrow(/newer Atelier/);
  });

  it('keeps vectors by content and model, and drops them when no file holds the content', () => {
    const c = Catalog.open(file);
    const root = c.addRoot('/lib');
    const v = Float32Array.from({ length: 4 }, (_, i) => i / 10);
    c.putEmbedding('k1', 'm1', v);
    c.putFile({
      rootId: root.id,
      path: '/lib/a.png',
      contentKey: 'k1',
      size: 1,
      mtimeMs: 1,
      width: 2,
      height: 3,
      format: 'png',
    });
    expect([...c.embedding('k1', 'm1')!]).toEqual([...v]);
    expect(c.hasEmbedding('k1', 'm2')).toBe(false);
    c.moveFile('/lib/a.png', { path: '/lib/b.png', rootId: root.id, size: 1, mtimeMs: 2 });
    expect(c.fileByPath('/lib/b.png')?.contentKey).toBe('k1');
    expect(c.deleteOrphanEmbeddings()).toBe(0);
    c.deleteFile('/lib/b.png');
    expect(c.deleteOrphanEmbeddings()).toBe(1);
    c.close();
  });

  it('tells whether a vector of a model was made from a file of a given size, by the key alone', () => {
    const c = Catalog.open(file);
    const v = new Float32Array(4);
    c.putEmbedding(contentKeyOfBytes(new Uint8Array(12)), 'm1', v); // "12-…"
    c.putEmbedding(contentKeyOfBytes(new Uint8Array(1234)), 'm2', v);
    expect(c.hasEmbeddingOfSize(12, 'm1')).toBe(true);
    // Neighbours in the key's text order are other sizes: 1, 120, 123 and 13 are not 12.
    for (const size of [1, 120, 123, 13, 2]) expect(c.hasEmbeddingOfSize(size, 'm1')).toBe(false);
    expect(c.hasEmbeddingOfSize(1234, 'm1')).toBe(false); // another model's
    expect(c.hasEmbeddingOfSize(1234, 'm2')).toBe(true);
    expect(sizeOfKey(contentKeyOfBytes(new Uint8Array(1234)))).toBe(1234);
    c.close();
  });

  it('marks a job left running by a crash as interrupted on the next open', async () => {
    const c = Catalog.open(file);
    const id = c.createJob('index', { folders: ['/lib'] });
    // The process that ran it is gone.
    c.db.prepare('UPDATE jobs SET pid = ? WHERE id = ?').run(await deadPid(), id);
    c.close();
    const again = Catalog.open(file);
    expect(again.job(id)).toMatchObject({ state: 'interrupted', payload: { folders: ['/lib'] } });
    expect(again.takeInterrupted(id, 'resumed')).toBe(true);
    expect(again.takeInterrupted(id, 'resumed')).toBe(false);
    again.close();
  });

  it('leaves running a job whose process lives (another process opening the catalog meanwhile)', () => {
    const c = Catalog.open(file);
    const id = c.createJob('index', { folders: ['/lib'] });
    const other = Catalog.open(file);
    expect(other.job(id)?.state).toBe('running');
    other.close();
    c.close();
  });
});
