/**
 * The generation gallery in a real catalog: every output with its prompt and
 * model, newest first, narrowed by words of the prompt or the model, paged,
 * and shown where the file is now once it was renamed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { galleryPage } from '../../src/main/core/catalog/generationGallery';
import { GenerationRecords } from '../../src/main/core/catalog/generationRecords';

describe('the generation gallery', () => {
  let tmp: string;
  let catalog: Catalog;
  let records: GenerationRecords;

  const output = (prompt: string, model: string, at: number, name: string) => {
    const job = records.create({ prompt, params: { model, count: 1 }, references: [] });
    const file = path.join(tmp, 'generated', name);
    records.addOutput({
      contentKey: `key-${name}`,
      jobId: job.id,
      slot: 0,
      path: file,
      mimeType: 'image/png',
      responseText: null,
      createdAt: at,
    });
    return file;
  };

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-gallery-'));
    catalog = Catalog.open(path.join(tmp, 'catalog.db'));
    records = new GenerationRecords(catalog.db);
  });

  afterEach(() => {
    catalog.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('lists every output newest first, with its prompt, model and date', () => {
    const fox = output('a red fox in snow', 'gemini-2.5-flash-image', 1_000, 'fox.png');
    const owl = output('an owl at 50% scale', 'gemini-3-pro-image-preview', 3_000, 'owl.png');
    const cat = output('a red cat', 'gemini-3-pro-image-preview', 2_000, 'cat.png');
    const page = galleryPage(catalog.db, { limit: 10, offset: 0 });
    expect(page.total).toBe(3);
    expect(page.images.map((i) => i.path)).toEqual([owl, cat, fox]);
    expect(page.images[0]).toMatchObject({
      prompt: 'an owl at 50% scale',
      model: 'gemini-3-pro-image-preview',
      createdAt: 3_000,
      format: 'png',
      width: 0,
    });
    expect(galleryPage(catalog.db, { limit: 2, offset: 2 }).images.map((i) => i.path)).toEqual([fox]);
  });

  it('keeps the images whose prompt or model holds every word of the filter, in any case', () => {
    output('a red fox in snow', 'gemini-2.5-flash-image', 1_000, 'fox.png');
    output('an owl at 50% scale', 'gemini-3-pro-image-preview', 3_000, 'owl.png');
    output('a red cat', 'gemini-3-pro-image-preview', 2_000, 'cat.png');
    const names = (filter: string) =>
      galleryPage(catalog.db, { filter, limit: 10, offset: 0 }).images.map((i) => path.basename(i.path));
    expect(names('RED')).toEqual(['cat.png', 'fox.png']);
    expect(names('red pro')).toEqual(['cat.png']);
    expect(names('flash')).toEqual(['fox.png']);
    // LIKE's wildcards are taken as the characters they are.
    expect(names('50%')).toEqual(['owl.png']);
    expect(names('5_%')).toEqual([]);
    expect(galleryPage(catalog.db, { filter: 'dragon', limit: 10, offset: 0 })).toEqual({ total: 0, images: [] });
  });
});
