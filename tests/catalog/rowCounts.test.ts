/**
 * The counts of vectors per model and of texts per OCR model that the passes'
 * marks name, kept by triggers: they follow inserts, replaced rows (INSERT OR
 * REPLACE, as the catalog writes both), a text re-read by another model, and
 * deletions, and always equal a count of the rows. On a real catalog.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { embeddedKey } from '../../src/main/core/catalog/embeddedMark';
import { ImageTexts } from '../../src/main/core/catalog/imageTexts';

describe('row counts kept by triggers', () => {
  let dir: string;
  let catalog: Catalog;
  const vectors = (model: string) =>
    catalog.db.prepare(`SELECT count(*) FROM embeddings WHERE model_id = ?`).pluck().get(model) as number;
  const texts = (model: string) =>
    catalog.db.prepare(`SELECT count(*) FROM image_texts WHERE model = ?`).pluck().get(model) as number;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-counts-'));
    catalog = Catalog.open(path.join(dir, 'catalog.db'));
  });
  afterEach(() => {
    catalog.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('counts a model’s vectors through replacements and deletions', () => {
    const v = new Float32Array(4);
    catalog.putEmbedding('k1', 'm', v);
    catalog.putEmbedding('k1', 'm', v);
    catalog.putEmbedding('k2', 'm', v);
    catalog.putEmbedding('k1', 'other', v);
    expect(vectors('m')).toBe(2);
    expect(embeddedKey(catalog.db, 1, 'm')).toBe('embedded@m@1@2');
    expect(embeddedKey(catalog.db, 1, 'other')).toBe('embedded@other@1@1');
    expect(embeddedKey(catalog.db, 1, 'none')).toBe('embedded@none@1@0');
    expect(catalog.deleteOrphanEmbeddings()).toBe(3);
    expect(embeddedKey(catalog.db, 1, 'm')).toBe(`embedded@m@1@${vectors('m')}`);
    expect(embeddedKey(catalog.db, 1, 'm')).toBe('embedded@m@1@0');
  });

  it('counts the texts each model read, a text re-read by another model moving between them', () => {
    const store = new ImageTexts(catalog.db);
    const text = (contentKey: string, model: string) => ({ contentKey, model, lines: [], error: null });
    store.putAll([text('k1', 'a'), text('k2', 'a'), text('k3', 'a')]);
    store.putAll([text('k1', 'a'), text('k2', 'b')]);
    expect([store.countOf('a'), store.countOf('b'), store.countOf('c')]).toEqual([2, 1, 0]);
    expect([texts('a'), texts('b')]).toEqual([2, 1]);
    expect(store.deleteOrphans()).toBe(3);
    expect([store.countOf('a'), store.countOf('b')]).toEqual([0, 0]);
  });
});
