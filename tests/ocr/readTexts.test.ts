/**
 * The reading pass over a real catalog with the real reader: progress of its
 * own, one batch per transaction, a stopped pass resumed without reading
 * anything twice, and a file changed since it was hashed left for its re-index.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { ImageTexts } from '../../src/main/core/catalog/imageTexts';
import { contentKeyOfBytes } from '../../src/main/core/files/contentKey';
import { readTexts } from '../../src/main/core/indexer/readTexts';
import { createTextReader, type TextReader } from '../../src/main/core/ocr/textReader';
import { nodeWorkerSpawner } from '../../src/main/core/workers/nodeWorker';
import type { IndexProgress } from '../../src/shared/types';
import { ROOT } from '../helpers/paths';
import { renderTextImage } from '../helpers/textImages';

const WORDS = ['Amber Gate', 'Cobalt Tower', 'Violet Bridge'];

describe('the reading pass', () => {
  let dir: string;
  let real: TextReader;
  let reader: TextReader;
  let asked: string[];
  let catalog: Catalog;
  let texts: ImageTexts;
  let rootId: number;
  const files: string[] = [];

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-read-pass-'));
    WORDS.forEach((text, i) =>
      files.push(
        renderTextImage(path.join(dir, 'lib'), { name: `word-${i}`, text, font: 'DejaVu-Sans', pointsize: 36 }),
      ),
    );
    real = createTextReader({
      spawn: nodeWorkerSpawner(new URL(`file://${path.join(ROOT, 'src/main/core/ocr/ocrThread.ts')}`)),
      providers: ['cpu'],
    });
    // The real reader, with a record of what it was asked to read.
    reader = {
      model: real.model,
      read: (paths) => (asked.push(...paths), real.read(paths)),
      close: () => real.close(),
    };
  });
  afterAll(async () => {
    await real.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    asked = [];
    const db = path.join(dir, `catalog-${Date.now()}-${Math.random()}.db`);
    catalog = Catalog.open(db);
    texts = new ImageTexts(catalog.db);
    rootId = catalog.addRoot(path.join(dir, 'lib')).id;
    for (const file of files) {
      const bytes = fs.readFileSync(file);
      catalog.putFile({
        rootId,
        path: file,
        contentKey: contentKeyOfBytes(bytes),
        size: bytes.length,
        mtimeMs: 1,
        width: 10,
        height: 10,
        format: 'png',
      });
    }
  });

  it('reports its own phase, and resumes a stopped pass without reading anything twice', async () => {
    const progress: IndexProgress[] = [];
    let stop = false;
    const first = await readTexts(texts, reader, {
      jobId: 'job',
      rootIds: [rootId],
      batchSize: 1,
      stopped: () => stop,
      onProgress: (p) => {
        progress.push(p);
        if (p.done >= 1) stop = true;
      },
    });
    expect(first).toBe(1);
    expect(progress[0]).toEqual({ jobId: 'job', phase: 'reading', done: 0, total: 3 });
    expect(progress.at(-1)).toMatchObject({ phase: 'reading', done: 1, total: 3 });
    expect(texts.progress(reader.model)).toEqual({ done: 1, total: 3 });

    const resumed: IndexProgress[] = [];
    const second = await readTexts(texts, reader, {
      jobId: 'job',
      rootIds: [rootId],
      stopped: () => false,
      onProgress: (p) => resumed.push(p),
    });
    expect(second).toBe(2);
    expect(resumed[0]).toMatchObject({ phase: 'reading', done: 0, total: 2 });
    expect(resumed.at(-1)).toMatchObject({ phase: 'reading', done: 2, total: 2 });
    expect([...asked].sort()).toEqual([...files].sort());
    for (const [i, file] of files.entries()) {
      const key = contentKeyOfBytes(fs.readFileSync(file));
      expect(texts.of(key)!.content.replace(/\s+/g, '')).toBe(WORDS[i]!.replace(/\s+/g, ''));
    }
  });

  it('leaves a file changed since it was hashed unread, for the index of its new bytes', async () => {
    const changed = files[0]!;
    catalog.db.prepare(`UPDATE files SET content_key = 'stale-key' WHERE path = ?`).run(changed);
    const read = await readTexts(texts, reader, {
      jobId: 'job',
      rootIds: [rootId],
      stopped: () => false,
      onProgress: () => undefined,
    });
    expect(read).toBe(3);
    expect(texts.of('stale-key')).toBeNull();
    expect(texts.progress(reader.model)).toEqual({ done: 2, total: 3 });
  });
});
