/**
 * The metadata pass and copies: a file whose content the library has already
 * read (the same key, the same kind of file) takes what that read found
 * instead of reading its own file; what the user set on the other file does
 * not travel with it. Real PNG and JPEG files written by ImageMagick and
 * exiftool, on a real catalog. A copy is catalogued here under its original's
 * key but points at a file without metadata, so what it gets shows whether
 * its own file was read.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { metadataProblem, readFileMetadata } from '../../src/main/core/organize/fileMetadataPass';
import { MarkRecords } from '../../src/main/core/organize/markRecords';
import { TagRecords } from '../../src/main/core/organize/tagRecords';

describe('metadata of copies', () => {
  let dir: string;
  let catalog: Catalog;
  let root: number;
  const at = (name: string) => path.join(dir, name);
  const put = (name: string, key: string) => {
    catalog.putFile({
      rootId: root,
      path: at(name),
      contentKey: key,
      size: 1,
      mtimeMs: 1,
      width: 1,
      height: 1,
      format: 'png',
    });
    return catalog.fileByPath(at(name))!.id;
  };
  const tagsOf = (id: number) => new TagRecords(catalog.db).of(id);
  const found = (id: number) =>
    catalog.db.prepare(`SELECT found FROM file_metadata_reads WHERE file_id = ?`).pluck().get(id) as string | null;

  beforeAll(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-metacopies-')));
    for (const name of ['tagged.png', 'plain.png', 'plain.jpg']) {
      execFileSync('convert', ['-size', '16x16', 'xc:rgb(200,80,30)', at(name)]);
    }
    execFileSync('exiftool', [
      '-q',
      '-q',
      '-overwrite_original',
      '-XMP-dc:Subject=sunset',
      '-XMP-xmp:Rating=4',
      '-XMP-dc:Title=Evening',
      at('tagged.png'),
    ]);
    fs.copyFileSync(at('tagged.png'), at('tagged-copy.png'));
    catalog = Catalog.open(path.join(dir, 'catalog.db'));
    root = catalog.addRoot(dir).id;
  });
  afterAll(() => {
    catalog.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives a copy what its original’s read found, without the user’s marks, and reads a copy of another kind', async () => {
    const original = put('tagged.png', 'K');
    expect(await readFileMetadata(catalog)).toBe(1);
    expect(tagsOf(original)).toEqual([{ tag: 'sunset', source: 'file' }]);
    new MarkRecords(catalog.db).setRating([original], 1);

    const copy = put('plain.png', 'K');
    const otherKind = put('plain.jpg', 'K');
    expect(await readFileMetadata(catalog, { only: [copy, otherKind] })).toBe(2);
    expect(tagsOf(copy)).toEqual([{ tag: 'sunset', source: 'file' }]);
    expect(new MarkRecords(catalog.db).of(copy)).toMatchObject({ rating: 4, note: 'Evening', ratingSource: 'file' });
    // A JPEG of the same bytes would be read by another parser: its own (plain) file is read.
    expect(tagsOf(otherKind)).toEqual([]);
    expect(new MarkRecords(catalog.db).of(otherKind).rating).toBe(0);
  });

  it('teaches a read made before reads kept what they found, and never takes from a failed read', async () => {
    const original = catalog.fileByPath(at('tagged.png'))!.id;
    catalog.db.prepare(`UPDATE file_metadata_reads SET found = NULL`).run();
    // The same bytes under a new name: read from its file, and the original learns what it holds.
    const realCopy = put('tagged-copy.png', 'K');
    await readFileMetadata(catalog, { only: [realCopy] });
    expect(tagsOf(realCopy)).toEqual([{ tag: 'sunset', source: 'file' }]);
    expect(JSON.parse(found(original)!)).toEqual({ keywords: ['sunset'], rating: 4, note: 'Evening' });

    const gone = put('gone.png', 'G');
    await readFileMetadata(catalog, { only: [gone] });
    expect(metadataProblem(catalog, gone)).toMatch(/^Metadata not read: /);
    expect(found(gone)).toBeNull();
    // A file of that content which can be read is read, and the failed read stays failed.
    fs.copyFileSync(at('tagged.png'), at('g2.png'));
    const readable = put('g2.png', 'G');
    await readFileMetadata(catalog, { only: [readable] });
    expect(tagsOf(readable)).toEqual([{ tag: 'sunset', source: 'file' }]);
    expect(metadataProblem(catalog, readable)).toBeNull();
    expect(found(gone)).toBeNull();
  });
});
