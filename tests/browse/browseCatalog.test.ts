/**
 * Browsing on a real SQLite catalog: what the migration fills in for files
 * catalogued before it, what a changed or moved file keeps, the index each
 * sort reads, and the folder tree with its counts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BrowseService } from '../../src/main/core/browse/browseService';
import { pageIdsSql } from '../../src/main/core/browse/pageQuery';
import { Catalog, type NewFile } from '../../src/main/core/catalog/catalog';
import { migrations } from '../../src/main/core/catalog/migrations';
import { BROWSE_SORTS } from '../../src/shared/browse';

const BROWSING = migrations.findIndex((m) => m.includes('ADD COLUMN added_at'));

function file(rootId: number, p: string, size = 100): NewFile {
  return { rootId, path: p, contentKey: `${size}-${p}`, size, mtimeMs: 1, width: 4, height: 4, format: 'png' };
}

describe('browsing the catalog', () => {
  let dir: string;
  let db: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-browse-'));
    db = path.join(dir, 'catalog.db');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('gives files catalogued before browsing their date added, name and folder, by either separator', () => {
    const old = new Database(db);
    for (const m of migrations.slice(0, BROWSING)) old.exec(m);
    old.pragma(`user_version = ${BROWSING}`);
    old.exec(`INSERT INTO roots (id, path, added_at) VALUES (1, '/lib', 0), (2, 'C:\\Art', 0)`);
    const insert = old.prepare(
      `INSERT INTO files (root_id, path, content_key, size, mtime_ms, width, height, format, indexed_at)
       VALUES (?, ?, ?, 1, 1, 1, 1, 'png', ?)`,
    );
    insert.run(1, '/lib/sub/cat.png', 'a', 1111);
    insert.run(2, 'C:\\Art\\Old Sketches\\fox.jpg', 'b', 2222);
    old.close();

    const changesBefore = 2; // the two inserts above, logged for the vector stores
    const c = Catalog.open(db);
    // Filling the new columns is no change a vector store keeps: nothing is sent to the stores again.
    expect(c.db.prepare(`SELECT count(*) AS n FROM file_changes`).get()).toEqual({ n: changesBefore });
    c.db.prepare(`UPDATE files SET added_at = 7`).run();
    expect(c.db.prepare(`SELECT count(*) AS n FROM file_changes`).get()).toEqual({ n: changesBefore });
    c.db.prepare(`UPDATE files SET mtime_ms = 2 WHERE path = '/lib/sub/cat.png'`).run();
    expect(c.db.prepare(`SELECT count(*) AS n FROM file_changes`).get()).toEqual({ n: changesBefore + 1 });
    c.db.prepare(`UPDATE files SET added_at = indexed_at`).run();
    const rows = c.db.prepare(`SELECT path, name, dir, added_at AS added FROM files ORDER BY path`).all();
    expect(rows).toEqual([
      { path: '/lib/sub/cat.png', name: 'cat.png', dir: '/lib/sub', added: 1111 },
      { path: 'C:\\Art\\Old Sketches\\fox.jpg', name: 'fox.jpg', dir: 'C:\\Art\\Old Sketches', added: 2222 },
    ]);
    c.close();
  });

  it('keeps the date added of a changed file and of a moved one, whose name and folder follow it', () => {
    const c = Catalog.open(db);
    const root = c.addRoot('/lib');
    c.putFile(file(root.id, '/lib/a/one.png'));
    const addedAt = () => c.db.prepare(`SELECT added_at AS t, name, dir FROM files`).get() as Record<string, unknown>;
    c.db.prepare(`UPDATE files SET added_at = 5`).run();
    c.putFile({ ...file(root.id, '/lib/a/one.png', 200) });
    expect(addedAt()).toEqual({ t: 5, name: 'one.png', dir: '/lib/a' });
    c.moveFile('/lib/a/one.png', { path: '/lib/b/two.png', rootId: root.id, size: 200, mtimeMs: 2 });
    expect(addedAt()).toEqual({ t: 5, name: 'two.png', dir: '/lib/b' });
    c.close();
  });

  it('reads each sort of the whole library, and of a large folder, from an index in order', () => {
    const c = Catalog.open(db);
    const plan = (sql: string) =>
      (
        c.db
          .prepare(`EXPLAIN QUERY PLAN ${sql}`)
          .all({ from: '/a/', to: '/a0', seed: 1, limit: 1, offset: 0 }) as Array<{
          detail: string;
        }>
      ).map((r) => r.detail);
    for (const sort of BROWSE_SORTS.filter((s) => s !== 'random')) {
      for (const order of ['asc', 'desc'] as const) {
        const index = `files_by_${sort}`;
        expect(plan(pageIdsSql(false, sort, order)), `${sort} ${order}`).toEqual([
          `SCAN files USING COVERING INDEX ${index}`,
        ]);
        // A folder's files are told apart by their paths, read from their rows as the index is walked.
        expect(plan(pageIdsSql(true, sort, order, true)), `${sort} ${order} in a folder`).toEqual([
          `SCAN files USING INDEX ${index}`,
        ]);
        // With images stacked behind covers, the few hidden ids are gathered once beside the walk.
        expect(plan(pageIdsSql(false, sort, order, false, true))[0], `${sort} ${order} with stacks`).toBe(
          `SCAN files USING COVERING INDEX ${index}`,
        );
      }
    }
    c.close();
  });

  it('breaks ties in the order files were catalogued, from indexes that hold each sort key alone', () => {
    const c = Catalog.open(db);
    const root = c.addRoot('/lib');
    // Catalogued against the order of their paths: a tie broken by path would list them the other way.
    const paths = ['/lib/big/z.png', '/lib/big/m.png', '/lib/big/a.png', '/lib/small/b.png'];
    c.transaction(() => paths.forEach((p) => c.putFile(file(root.id, p, 7))));
    const browse = new BrowseService(c);
    for (const order of ['asc', 'desc'] as const) {
      const expected = order === 'asc' ? paths : [...paths].reverse();
      expect(browse.page({ sort: 'size', order }).results.map((r) => r.path)).toEqual(expected);
      const inBig = browse.page({ folder: '/lib/big', sort: 'size', order }).results.map((r) => r.path);
      expect(inBig).toEqual(expected.filter((p) => p.startsWith('/lib/big/')));
    }
    for (const sort of BROWSE_SORTS.filter((s) => s !== 'random')) {
      const columns = c.db.prepare(`SELECT name FROM pragma_index_info(?)`).all(`files_by_${sort}`) as Array<{
        name: string;
      }>;
      expect(columns, sort).toHaveLength(1);
    }
    c.close();
  });

  it('pages a folder through its sort index and through its paths alike', () => {
    const c = Catalog.open(db);
    const root = c.addRoot('/lib');
    c.transaction(() => {
      for (let i = 0; i < 60; i++)
        c.putFile(file(root.id, `/lib/${i % 3 === 0 ? 'big' : 'small'}/f${i}.png`, 1000 + i));
      c.putFile(file(root.id, '/lib/bigger/x.png', 5));
    });
    const browse = new BrowseService(c);
    const big = browse.page({ folder: '/lib/big', sort: 'size', order: 'asc', limit: 100 });
    expect(big.total).toBe(20);
    expect(big.results.map((r) => r.bytes)).toEqual(Array.from({ length: 20 }, (_, k) => 1000 + 3 * k));
    const pages = [0, 7, 14].flatMap(
      (offset) => browse.page({ folder: '/lib/big', sort: 'size', order: 'asc', limit: 7, offset }).results,
    );
    expect(pages).toEqual(big.results);
    const bigger = browse.page({ folder: '/lib/bigger', sort: 'name' });
    expect(bigger.results.map((r) => r.path)).toEqual(['/lib/bigger/x.png']);
    expect(() => browse.page({ folder: '/elsewhere' })).toThrow('/elsewhere is not in the library');
    c.close();
  });

  it('lists the folders nested as on disk, each counting its subfolders, an empty library folder too', () => {
    const c = Catalog.open(db);
    const lib = c.addRoot('/lib');
    const generated = c.addRoot('/data/generated');
    c.addRoot('/empty');
    c.transaction(() => {
      for (const p of ['/lib/a.png', '/lib/x/b.png', '/lib/x/y/c.png', '/lib/x/y/d.png', '/lib/z/deep/e.png']) {
        c.putFile(file(lib.id, p));
      }
      c.putFile(file(generated.id, '/data/generated/2026-12-04 fox.png'));
    });
    const tree = new BrowseService(c).folders();
    const shape = (nodes: typeof tree): unknown =>
      nodes.map((n) => [n.name, n.count, ...(n.children.length ? [shape(n.children)] : [])]);
    expect(shape(tree)).toEqual([
      ['generated', 1],
      ['empty', 0],
      [
        'lib',
        5,
        [
          ['x', 3, [['y', 2]]],
          ['z', 1, [['deep', 1]]],
        ],
      ],
    ]);
    expect(tree[2]!.children[0]!.children[0]!.path).toBe('/lib/x/y');
    c.close();
  });
});
