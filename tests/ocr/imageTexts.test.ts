/** The catalog's text rows: what counts as unread, a model upgrade, progress, orphans. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { ImageTexts } from '../../src/main/core/catalog/imageTexts';

describe('image texts in the catalog', () => {
  let dir: string;
  let catalog: Catalog;
  let texts: ImageTexts;
  let rootId: number;
  const file = (name: string, contentKey: string) =>
    catalog.putFile({
      rootId,
      path: path.join(dir, name),
      contentKey,
      size: 1,
      mtimeMs: 1,
      width: 10,
      height: 10,
      format: 'png',
    });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-texts-'));
    catalog = Catalog.open(path.join(dir, 'catalog.db'));
    texts = new ImageTexts(catalog.db);
    rootId = catalog.addRoot(dir).id;
    file('a.png', 'key-a');
    file('copy-of-a.png', 'key-a');
    file('b.png', 'key-b');
  });
  afterEach(() => {
    catalog.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists each unread content key once, with one of its files', () => {
    const unread = texts.unread('ocr-1', [rootId], 10);
    expect(unread.map((u) => u.contentKey)).toEqual(['key-a', 'key-b']);
    expect(unread[0]!.path).toBe(path.join(dir, 'a.png'));
    expect(texts.unreadCount('ocr-1', [rootId])).toBe(2);
    expect(texts.unread('ocr-1', [], 10)).toEqual([]);
  });

  it('keeps the lines and their text, and an error as read', () => {
    texts.putAll([
      {
        contentKey: 'key-a',
        model: 'ocr-1',
        lines: [
          {
            text: 'LUNAR',
            box: [
              [0, 0],
              [5, 0],
              [5, 2],
              [0, 2],
            ],
            confidence: 0.9,
          },
          {
            text: 'FESTIVAL',
            box: [
              [0, 3],
              [8, 3],
              [8, 5],
              [0, 5],
            ],
            confidence: 0.8,
          },
        ],
        error: null,
      },
      { contentKey: 'key-b', model: 'ocr-1', lines: [], error: 'too small to read text' },
    ]);
    expect(texts.of('key-a')).toMatchObject({ content: 'LUNAR\nFESTIVAL', error: null, model: 'ocr-1' });
    expect(texts.of('key-a')!.lines[1]).toEqual({
      text: 'FESTIVAL',
      box: [
        [0, 3],
        [8, 3],
        [8, 5],
        [0, 5],
      ],
      confidence: 0.8,
    });
    expect(texts.of('key-b')).toMatchObject({ content: '', lines: [], error: 'too small to read text' });
    expect(texts.unread('ocr-1', [rootId], 10)).toEqual([]);
    expect(texts.progress('ocr-1')).toEqual({ done: 2, total: 2 });
  });

  it('counts text read by another model as unread, so a new model re-reads it', () => {
    texts.putAll([{ contentKey: 'key-a', model: 'ocr-1', lines: [], error: null }]);
    expect(texts.progress('ocr-1')).toEqual({ done: 1, total: 2 });
    expect(texts.progress('ocr-2')).toEqual({ done: 0, total: 2 });
    expect(texts.unread('ocr-2', [rootId], 10).map((u) => u.contentKey)).toEqual(['key-a', 'key-b']);
  });

  it('drops the text of content no file holds any more', () => {
    texts.putAll([
      { contentKey: 'key-a', model: 'ocr-1', lines: [], error: null },
      { contentKey: 'key-b', model: 'ocr-1', lines: [], error: null },
    ]);
    catalog.deleteFile(path.join(dir, 'b.png'));
    expect(texts.deleteOrphans()).toBe(1);
    expect(texts.of('key-b')).toBeNull();
    expect(texts.of('key-a')).not.toBeNull();
  });
});
