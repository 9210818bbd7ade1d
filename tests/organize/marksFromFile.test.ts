/**
 * The rating and note a file's metadata gives, as the metadata pass writes
 * them: a file that carries neither writes nothing at all (its searchable text
 * is left alone), while one whose rating or note came from the file before
 * loses it, and what the user set stays. On a real catalog.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { MarkRecords } from '../../src/main/core/organize/markRecords';

describe('marks read from a file', () => {
  let dir: string;
  let catalog: Catalog;
  let marks: MarkRecords;
  let id: number;
  const changes = () => catalog.db.prepare(`SELECT total_changes()`).pluck().get() as number;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-marks-'));
    catalog = Catalog.open(path.join(dir, 'catalog.db'));
    const root = catalog.addRoot('/lib').id;
    const file = { rootId: root, path: '/lib/a.png', contentKey: 'k', size: 1, mtimeMs: 1, width: 1, height: 1 };
    catalog.putFile({ ...file, format: 'png' });
    id = catalog.fileByPath('/lib/a.png')!.id;
    marks = new MarkRecords(catalog.db);
  });
  afterEach(() => {
    catalog.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes nothing for a file with no rating and no note', () => {
    const before = changes();
    marks.setFromFile(id, 0, '');
    expect(changes()).toBe(before);
    expect(catalog.db.prepare(`SELECT count(*) FROM file_marks`).pluck().get()).toBe(0);
  });

  it('drops a rating that came from the file once the file has none, and keeps the user’s note', () => {
    marks.setFromFile(id, 3, '');
    marks.setNote(id, 'mine');
    expect(marks.of(id)).toMatchObject({ rating: 3, ratingSource: 'file', note: 'mine', noteSource: 'user' });
    marks.setFromFile(id, 0, '');
    expect(marks.of(id)).toMatchObject({ rating: 0, note: 'mine', noteSource: 'user' });
    marks.setNote(id, '');
    marks.setFromFile(id, 0, '');
    expect(catalog.db.prepare(`SELECT count(*) FROM file_marks`).pluck().get()).toBe(0);
  });
});
