/**
 * The catalog's text index on a real SQLite file: filled from existing rows
 * when the migration runs, kept in step by triggers whatever writes the rows,
 * ranked by BM25, Chinese through trigrams (and one or two characters by
 * substring), and no query, however odd, turns into an SQL error.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { CJK_CLASS } from '../../src/main/core/catalog/cjkGrams';
import { migrate } from '../../src/main/core/catalog/database';
import { migrations } from '../../src/main/core/catalog/migrations';
import { searchText } from '../../src/main/core/text/textIndex';
import { textMatches } from '../../src/main/core/text/textMatches';
import { parseTextQuery } from '../../src/main/core/text/textQuery';

type Db = Catalog['db'];
const ALL = { where: '1', params: [] };

function addFile(db: Db, file: string, contentKey: string, rootId = 1): number {
  return Number(
    db
      .prepare(
        `INSERT INTO files (root_id, path, content_key, size, mtime_ms, width, height, format, indexed_at, name, dir)
         VALUES (?, ?, ?, 1, 1, 8, 8, 'png', 0, ?, ?)`,
      )
      .run(rootId, file, contentKey, path.posix.basename(file), path.posix.dirname(file)).lastInsertRowid,
  );
}
const readText = (db: Db, contentKey: string, content: string) =>
  db.prepare(`INSERT OR REPLACE INTO image_texts VALUES (?, 'pp-ocrv4', ?, '[]', NULL, 0)`).run(contentKey, content);
const found = (db: Db, q: string) =>
  searchText(db, parseTextQuery(q), 100, ALL).map((h) => path.posix.basename(h.path));

const HOLDS_CJK = new RegExp(CJK_CLASS, 'u');

/**
 * The trigram index holds exactly the rows of file_texts with Chinese, Japanese or Korean text, each
 * as its text reads now: every token instance compared with a fresh index of those rows, and FTS5's
 * own check of the index's structure (rank 0: not compared with the whole content table).
 */
function expectGramsOfCjkRows(db: Db): void {
  db.prepare(`INSERT INTO text_grams (text_grams, rank) VALUES ('integrity-check', 0)`).run();
  db.exec(`CREATE VIRTUAL TABLE temp.expected USING fts5(name, folders, ocr, prompt, tags, note, tokenize='trigram');
    CREATE VIRTUAL TABLE temp.expected_terms USING fts5vocab(temp, expected, instance);
    CREATE VIRTUAL TABLE temp.grams_terms USING fts5vocab(main, text_grams, instance);`);
  try {
    const rows = db
      .prepare(`SELECT file_id, name, folders, ocr, prompt, tags, note FROM file_texts`)
      .raw()
      .all() as Array<[number, ...string[]]>;
    const put = db.prepare(
      `INSERT INTO temp.expected (rowid, name, folders, ocr, prompt, tags, note) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const cjk = rows.filter(([, ...text]) => HOLDS_CJK.test(text.join(' ')));
    for (const row of cjk) put.run(...row);
    const differ = (a: string, b: string) =>
      db.prepare(`SELECT doc, term, col, offset FROM ${a} EXCEPT SELECT doc, term, col, offset FROM ${b}`).all();
    expect(differ('temp.grams_terms', 'temp.expected_terms')).toEqual([]);
    expect(differ('temp.expected_terms', 'temp.grams_terms')).toEqual([]);
    const indexed = db.prepare(`SELECT id FROM text_grams_docsize ORDER BY id`).pluck().all();
    expect(indexed).toEqual(cjk.map(([id]) => id).sort((x, y) => x - y));
  } finally {
    db.exec(`DROP TABLE temp.grams_terms; DROP TABLE temp.expected_terms; DROP TABLE temp.expected;`);
  }
}

describe('the text index', () => {
  let tmp: string;
  let catalog: Catalog;
  let db: Db;

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-textindex-'));
    catalog = Catalog.open(path.join(tmp, 'catalog.db'));
    db = catalog.db;
    db.prepare(`INSERT INTO roots (path, added_at) VALUES ('/lib', 0)`).run();
  });
  afterEach(() => {
    catalog.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('indexes the rows a catalog already had when it migrates', () => {
    const file = path.join(tmp, 'old.db');
    const old = new Database(file);
    for (let v = 0; v < 9; v++) old.exec(migrations[v]!);
    old.pragma('user_version = 9');
    old.prepare(`INSERT INTO roots (path, added_at) VALUES ('/lib', 0)`).run();
    addFile(old, '/lib/boards/festival.png', 'k1');
    addFile(old, '/lib/boards/other.png', 'k2');
    readText(old, 'k1', 'LUNAR FESTIVAL');
    readText(old, 'k2', '限定版');
    migrate(old);
    expect(found(old, 'lunar')).toEqual(['festival.png']);
    expect(found(old, '限定')).toEqual(['other.png']);
    expect(found(old, 'boards').sort()).toEqual(['festival.png', 'other.png']);
    old.close();
  });

  it('ranks the file whose text says a word most plainly first, the name weighing most', () => {
    addFile(db, '/lib/a.png', 'ka');
    addFile(db, '/lib/b.png', 'kb');
    addFile(db, '/lib/lantern.png', 'kc');
    readText(db, 'ka', 'A long menu with many words and one lantern among them all, and more words after');
    readText(db, 'kb', 'LANTERN');
    expect(found(db, 'lantern')).toEqual(['lantern.png', 'b.png', 'a.png']);
  });

  it('follows renames, text read again, tags renamed, and deletions', () => {
    const id = addFile(db, '/lib/draft.png', 'k1');
    readText(db, 'k1', 'first reading');
    db.prepare(`UPDATE files SET path = '/lib/final.png', name = 'final.png' WHERE id = ?`).run(id);
    expect(found(db, 'draft')).toEqual([]);
    expect(found(db, 'final')).toEqual(['final.png']);
    readText(db, 'k1', 'second reading');
    expect(found(db, 'first')).toEqual([]);
    expect(found(db, 'second')).toEqual(['final.png']);
    db.prepare(`INSERT INTO tags (name, folded) VALUES ('Moody', 'moody')`).run();
    db.prepare(`INSERT INTO file_tags VALUES (?, 1, 'user', 0)`).run(id);
    expect(found(db, 'moody')).toEqual(['final.png']);
    db.prepare(`UPDATE tags SET name = 'Sunny', folded = 'sunny'`).run();
    expect(found(db, 'moody')).toEqual([]);
    expect(found(db, 'sunny')).toEqual(['final.png']);
    db.prepare(`DELETE FROM image_texts`).run();
    expect(found(db, 'second')).toEqual([]);
    db.prepare(`DELETE FROM files`).run();
    expect(found(db, 'final')).toEqual([]);
    expect(db.prepare(`SELECT count(*) AS n FROM file_texts`).get()).toEqual({ n: 0 });
    db.prepare(`INSERT INTO text_words (text_words, rank) VALUES ('integrity-check', 1)`).run();
    expectGramsOfCjkRows(db);
  });

  it('indexes a prompt only from a request that is valid JSON', () => {
    addFile(db, '/lib/made.png', 'k1');
    db.prepare(
      `INSERT INTO generation_jobs (id, state, request, created_at, updated_at) VALUES ('j', 'queued', 'not json', 0, 0)`,
    ).run();
    db.prepare(
      `INSERT INTO generation_outputs (content_key, job_id, slot, path, mime_type, created_at) VALUES ('k1', 'j', 0, '/lib/made.png', 'image/png', 0)`,
    ).run();
    expect(found(db, 'dragon')).toEqual([]);
    db.prepare(`UPDATE generation_jobs SET request = ?`).run(JSON.stringify({ prompt: 'a dragon at dawn' }));
    expect(found(db, 'dragon')).toEqual(['made.png']);
  });

  it('finds Chinese inside a sentence by trigram, and one or two characters in their own index', () => {
    addFile(db, '/lib/box.png', 'k1');
    addFile(db, '/lib/other.png', 'k2');
    readText(db, 'k1', '这是限定版的包装盒');
    readText(db, 'k2', '普通版');
    expect(found(db, '限定版')).toEqual(['box.png']);
    expect(found(db, '限定')).toEqual(['box.png']);
    // The shorter text, where the character weighs more (BM25), first.
    expect(found(db, '版')).toEqual(['other.png', 'box.png']);
    expect(found(db, '"限定" 普通')).toEqual(['box.png']);
    expect(found(db, '版 -限定')).toEqual(['other.png']);
    const [hit] = searchText(db, parseTextQuery('限定'), 10, ALL);
    expect(textMatches(db, parseTextQuery('限定'), [hit!.fileId]).get(hit!.fileId)).toEqual({
      text: '这是限定版的包装盒',
      found: ['限定'],
    });
  });

  it('looks up one or two Chinese, Japanese or Korean characters in an index, wherever they stand', () => {
    const texts: Record<string, string> = {
      'kana.png': 'セール・ボックス',
      'hangul.png': '서울시 지도',
      'rare.png': '𠀀𠀁 archive',
      'mixed.png': 'SUMMER 夏 SALE',
      // A pair across the cut between two pieces of 256 characters (cjkGrams.ts), and one at the very end.
      'long.png': `${'x'.repeat(255)}限定${'y'.repeat(300)}终点`,
    };
    Object.entries(texts).forEach(([name, text], i) => {
      addFile(db, `/lib/${name}`, `k${i}`);
      readText(db, `k${i}`, text);
    });
    addFile(db, '/lib/名前.png', 'kn');
    expect(found(db, 'ボッ')).toEqual(['kana.png']);
    expect(found(db, 'ー')).toEqual(['kana.png']);
    expect(found(db, '・')).toEqual([]);
    expect(found(db, '서울')).toEqual(['hangul.png']);
    expect(found(db, '울')).toEqual(['hangul.png']);
    expect(found(db, '𠀁')).toEqual(['rare.png']);
    expect(found(db, '夏')).toEqual(['mixed.png']);
    expect(found(db, '限定')).toEqual(['long.png']);
    expect(found(db, '终点')).toEqual(['long.png']);
    expect(found(db, '点')).toEqual(['long.png']);
    expect(found(db, '名前')).toEqual(['名前.png']);
    expect(found(db, '定y')).toEqual(['long.png']);
    // Looked up in the index, not by reading every row's text.
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT rowid FROM text_cjk WHERE text_cjk MATCH '"限定"'`)
      .all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/VIRTUAL TABLE INDEX/);
    const [hit] = searchText(db, parseTextQuery('ボッ'), 10, ALL);
    expect(textMatches(db, parseTextQuery('ボッ'), [hit!.fileId]).get(hit!.fileId)).toEqual({
      text: 'セール・ボックス',
      found: ['ボッ'],
    });
    // A file whose text no longer holds them leaves the index.
    readText(db, 'k1', 'Seoul map');
    expect(found(db, '서울')).toEqual([]);
    db.prepare(`DELETE FROM files`).run();
    expect(found(db, '夏')).toEqual([]);
    db.prepare(`INSERT INTO text_cjk (text_cjk, rank) VALUES ('integrity-check', 1)`).run();
  });

  it('keeps only text with Chinese, Japanese or Korean in the trigram index, through edits and deletions', () => {
    const grams = () =>
      (db.prepare(`SELECT id FROM text_grams_docsize ORDER BY id`).all() as Array<{ id: number }>).map((r) => r.id);
    const latin = addFile(db, '/lib/plain/latin.png', 'k1');
    const named = addFile(db, '/lib/展览会/海报.png', 'k2');
    const read = addFile(db, '/lib/read.png', 'k3');
    const noted = addFile(db, '/lib/noted.png', 'k4');
    const tagged = addFile(db, '/lib/tagged.png', 'k5');
    readText(db, 'k1', 'SUMMER SALE');
    readText(db, 'k3', 'セール・ボックス');
    db.prepare(`INSERT INTO file_marks (file_id, note, updated_at) VALUES (?, '서울시 지도', 0)`).run(noted);
    db.prepare(`INSERT INTO tags (name, folded) VALUES ('限定版', '限定版')`).run();
    db.prepare(`INSERT INTO file_tags VALUES (?, 1, 'user', 0)`).run(tagged);
    expect(grams()).toEqual([named, read, noted, tagged]);
    expect(found(db, '展览会')).toEqual(['海报.png']);
    expect(found(db, 'ボック')).toEqual(['read.png']);
    expect(found(db, '서울시')).toEqual(['noted.png']);
    expect(found(db, '限定版')).toEqual(['tagged.png']);
    expect(found(db, 'summer')).toEqual(['latin.png']);

    // Text gaining such characters enters the index, text losing them leaves it.
    readText(db, 'k1', 'SUMMER SALE 夏季特卖');
    db.prepare(`UPDATE file_marks SET note = 'Seoul map' WHERE file_id = ?`).run(noted);
    expect(found(db, '夏季特')).toEqual(['latin.png']);
    expect(found(db, '서울시')).toEqual([]);
    expect(grams()).toEqual([latin, named, read, tagged]);
    db.prepare(
      `UPDATE files SET path = '/lib/plain/poster.png', name = 'poster.png', dir = '/lib/plain' WHERE id = ?`,
    ).run(named);
    expect(found(db, '展览会')).toEqual([]);
    db.prepare(`DELETE FROM files WHERE id IN (?, ?)`).run(read, latin);
    expect(found(db, 'ボック')).toEqual([]);
    expect(found(db, '夏季特')).toEqual([]);
    expect(grams()).toEqual([tagged]);
    expectGramsOfCjkRows(db);
    // Hentaigana are Hiragana to the query but outside the indexed characters: found by substring.
    readText(db, 'k1', '\u{1B002}\u{1B003}\u{1B004}');
    addFile(db, '/lib/hentaigana.png', 'k1');
    expect(found(db, '\u{1B002}\u{1B003}\u{1B004}')).toEqual(['hentaigana.png']);
    expect(grams()).toEqual([tagged]);
  });

  it('empties the trigram index of text without Chinese, Japanese or Korean when it migrates', () => {
    const file = path.join(tmp, 'old.db');
    const old = new Database(file);
    for (let v = 0; v < 25; v++) old.exec(migrations[v]!);
    old.pragma('user_version = 25');
    old.prepare(`INSERT INTO roots (path, added_at) VALUES ('/lib', 0)`).run();
    addFile(old, '/lib/boards/festival.png', 'k1');
    const cjk = addFile(old, '/lib/boards/other.png', 'k2');
    readText(old, 'k1', 'LUNAR FESTIVAL');
    readText(old, 'k2', '这是限定版的包装盒');
    expect(old.prepare(`SELECT count(*) AS n FROM text_grams_docsize`).get()).toEqual({ n: 2 });
    migrate(old);
    expect(old.prepare(`SELECT id FROM text_grams_docsize`).all()).toEqual([{ id: cjk }]);
    expect(found(old, '限定版')).toEqual(['other.png']);
    expect(found(old, 'festival')).toEqual(['festival.png']);
    expectGramsOfCjkRows(old);
    old.prepare(`DELETE FROM files`).run();
    expect(old.prepare(`SELECT count(*) AS n FROM text_grams_docsize`).get()).toEqual({ n: 0 });
    expectGramsOfCjkRows(old);
    old.close();
  });

  it('requires every phrase, in whichever index it is looked up, and leaves out excluded words', () => {
    addFile(db, '/lib/a.png', 'ka');
    addFile(db, '/lib/b.png', 'kb');
    readText(db, 'ka', 'SUMMER SALE 限定版');
    readText(db, 'kb', 'SUMMER SALE');
    expect(found(db, '"summer sale" "限定版"')).toEqual(['a.png']);
    expect(found(db, '"限定版" sale')).toEqual(['a.png']);
    expect(found(db, 'summer -限定版')).toEqual(['b.png']);
    expect(found(db, '"sale summer"')).toEqual([]);
  });

  it('reads any input as text: FTS5 syntax, SQL quotes, LIKE wildcards, control characters', () => {
    addFile(db, '/lib/x.png', 'k1');
    readText(db, 'k1', '100% pure_cotton "quoted" it\'s');
    const odd = [
      '"',
      '""',
      "'",
      '*',
      'a*',
      '^a',
      'a:b',
      '(a',
      'a)',
      'NEAR(a b)',
      'a AND',
      'OR b',
      '%',
      '_',
      '\\',
      '%%限',
      '限_',
      '\u0000',
      '\ud800限定',
      '{a b}',
      '-',
      '+',
      'a - - b',
      'x"y',
      '"a" "b" "',
      ';DROP TABLE files;--',
    ];
    for (const q of odd) expect(() => searchText(db, parseTextQuery(q), 10, ALL), q).not.toThrow();
    expect(found(db, '100%')).toEqual(['x.png']);
    expect(found(db, 'cotton')).toEqual(['x.png']);
    expect(found(db, '%限')).toEqual([]);
    expect(found(db, "it's")).toEqual(['x.png']);
  });
});
