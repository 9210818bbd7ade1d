/**
 * The metadata pass after an index, told which files were written since it
 * last finished: it reads those alone, a chunk at a time however many there
 * are, and reads nothing twice. On a real catalog with real files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { readFileMetadata } from '../../src/main/core/organize/fileMetadataPass';

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
});
