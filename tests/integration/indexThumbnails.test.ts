/**
 * Indexing makes the grid's thumbnails of the images it embeds, so a folder
 * opens on pictures: once an index run is over, each new image's small
 * thumbnail is in the cache before anything asks for it, and a file that
 * cannot be shown leaves indexing as it was (skipped, with its reason).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import type { ClipEncoder } from '../../src/main/core/clip/encoderClient';
import { indexFolders } from '../../src/main/core/indexer/indexer';
import { ThumbnailService } from '../../src/main/core/thumbnails/thumbnailService';
import { fixtureEncoder } from '../helpers/encoder';
import { solid } from '../helpers/images';
import { COLOR_MODEL } from '../helpers/paths';

describe('thumbnails made while indexing', () => {
  let dir: string;
  let data: string;
  let catalog: Catalog;
  let encoder: ClipEncoder;
  // One encoder for the file: its worker loads the model once.
  beforeAll(() => {
    encoder = fixtureEncoder(COLOR_MODEL, 'color');
  });
  afterAll(() => encoder?.close());
  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-index-thumbs-')));
    data = path.join(dir, 'data');
    catalog = Catalog.open(path.join(data, 'catalog.db'));
  });
  afterEach(() => {
    catalog.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Where the grid's thumbnail of `file` is cached, by its content key. */
  const cached = (file: string) => {
    const key = catalog.fileByPath(file)!.contentKey;
    return path.join(data, 'thumbnails', 'small', key.slice(-2), `${key}.webp`);
  };

  it('caches each new image’s grid thumbnail before any view asks, and skips a broken file as before', async () => {
    const lib = path.join(dir, 'lib');
    const red = path.join(lib, 'red.png');
    const blue = path.join(lib, 'nested', 'blue.jpg');
    await solid(red, [220, 20, 20], 600);
    await solid(blue, [20, 20, 220], 300);
    const broken = path.join(lib, 'broken.png');
    fs.writeFileSync(broken, 'not a png at all');
    const thumbnails = new ThumbnailService(data, catalog);

    const summary = await indexFolders({ catalog, encoder, thumbnails }, { folders: [lib], jobId: 'thumbs' });
    expect(summary.embedded).toBe(2);
    expect(summary.skipped.map((s) => s.path)).toEqual([broken]);
    const made = [red, blue].map(cached);
    for (const file of made) expect(fs.existsSync(file), file).toBe(true);
    // The view then gets the file indexing made, not a new render.
    const before = made.map((file) => fs.statSync(file).mtimeMs);
    const served = await Promise.all([red, blue].map((file) => thumbnails.thumbnail(file, 'small')));
    expect(served.map((s) => (s.ok ? s.file : s.reason))).toEqual(made);
    expect(made.map((file) => fs.statSync(file).mtimeMs)).toEqual(before);
    expect(fs.readdirSync(path.join(data, 'thumbnails'))).toEqual(['small']);
  });

  it('leaves thumbnails to their first view when no maker is given', async () => {
    const lib = path.join(dir, 'lib');
    await solid(path.join(lib, 'red.png'), [220, 20, 20]);
    const summary = await indexFolders({ catalog, encoder }, { folders: [lib], jobId: 'plain' });
    expect(summary.embedded).toBe(1);
    expect(fs.existsSync(path.join(data, 'thumbnails'))).toBe(false);
  });
});
