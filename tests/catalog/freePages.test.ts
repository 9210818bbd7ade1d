/**
 * Pages freed by bulk deletions (the change log once every store has applied
 * it, a library folder removed) go back to the file system in a catalog made
 * with incremental auto-vacuum (later, when another process is writing), and
 * stay, harmlessly, in one made before. On real SQLite files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { ChangeLog } from '../../src/main/core/catalog/changeLog';
import { releaseFreePages } from '../../src/main/core/catalog/freePages';
import { migrations } from '../../src/main/core/catalog/migrations';

const pages = (c: Catalog) => c.db.pragma('page_count', { simple: true }) as number;
const free = (c: Catalog) => c.db.pragma('freelist_count', { simple: true }) as number;

/** `n` files under `root`, each with a long path (so the change log fills many pages) and a 512-d vector. */
function fill(c: Catalog, root: string, n: number): void {
  const rootId = c.addRoot(root).id;
  const vector = Float32Array.from({ length: 512 }, (_, i) => i / 512);
  c.transaction(() => {
    for (let i = 0; i < n; i++) {
      const key = `${i}-${root}`;
      c.putFile({
        rootId,
        path: path.join(root, `${'long-folder-name-'.repeat(40)}${i}`, `image-${i}.png`),
        contentKey: key,
        size: i,
        mtimeMs: 1,
        width: 1,
        height: 1,
        format: 'png',
      });
      c.putEmbedding(key, 'm', vector);
    }
  });
}

describe('pages freed by bulk deletions', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-free-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('go back to the file system once the change log is pruned or a library folder removed', () => {
    const c = Catalog.open(path.join(dir, 'catalog.db'));
    expect(c.db.pragma('auto_vacuum', { simple: true })).toBe(2);
    fill(c, '/lib', 3000);
    fill(c, '/other', 1000);
    const full = pages(c);

    expect(new ChangeLog(c).prune({ batch: 1, keep: 0 })).toBe(4000);
    const pruned = pages(c);
    // 4,000 rows of a path of over 680 bytes: at least 80 pages of 32 KB.
    expect(full - pruned).toBeGreaterThanOrEqual(80);
    expect(free(c)).toBeLessThan(64);

    expect(c.removeRoot('/lib')).toBe(3000);
    // 3,000 vectors of 2 KB, 15 to a page, and the files' rows: over 200 pages.
    expect(pruned - pages(c)).toBeGreaterThan(200);
    expect(free(c)).toBeLessThan(64);

    expect(c.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(c.db.prepare(`SELECT count(*) FROM files`).pluck().get()).toBe(1000);
    expect([...c.embedding('7-/other', 'm')!].slice(0, 2)).toEqual([0, 1 / 512]);
    c.close();
  });

  it('wait, without an error, while another process is writing', () => {
    const file = path.join(dir, 'catalog.db');
    const c = Catalog.open(file);
    fill(c, '/lib', 4000);
    c.db.prepare(`DELETE FROM file_changes`).run();
    const freed = free(c);
    expect(freed).toBeGreaterThanOrEqual(64);
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    c.db.pragma('busy_timeout = 50');
    releaseFreePages(c.db);
    expect(free(c)).toBe(freed);
    other.exec('COMMIT');
    other.close();
    releaseFreePages(c.db);
    expect(free(c)).toBe(0);
    c.close();
  });

  it('stay in a catalog made without auto-vacuum, which prunes and removes as before', () => {
    const file = path.join(dir, 'older.db');
    const old = new Database(file);
    old.pragma('page_size = 16384');
    for (let v = 0; v < 25; v++) old.exec(migrations[v]!);
    old.pragma('user_version = 25');
    old.close();
    const c = Catalog.open(file);
    expect(c.db.pragma('auto_vacuum', { simple: true })).toBe(0);
    fill(c, '/lib', 1000);
    const full = pages(c);
    expect(new ChangeLog(c).prune({ batch: 1, keep: 0 })).toBe(1000);
    expect(c.removeRoot('/lib')).toBe(1000);
    expect(pages(c)).toBe(full);
    expect(free(c)).toBeGreaterThan(100);
    expect(c.db.pragma('integrity_check', { simple: true })).toBe('ok');
    c.close();
  });
});
