/** The organizer on a real catalog file: what it changes, and what a refusal leaves untouched. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BrowseService } from '../../src/main/core/browse/browseService';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { OrganizeService } from '../../src/main/core/organize/organizeService';
import type { BrowseSort } from '../../src/shared/browse';
import type { OrganizeFilter } from '../../src/shared/organize';

describe('the organizer on a catalog', () => {
  let dir: string;
  let catalog: Catalog;
  let organize: OrganizeService;
  const file = (name: string) => path.join(dir, 'lib', name);

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-organize-'));
    catalog = Catalog.open(path.join(dir, 'catalog.db'));
    const root = catalog.addRoot(path.join(dir, 'lib'));
    for (const [i, name] of ['a.png', 'b.png', 'c.png'].entries()) {
      catalog.putFile({
        rootId: root.id,
        path: file(name),
        contentKey: `${100 + i}-k${i}`,
        size: 100 + i,
        mtimeMs: 1,
        width: 8,
        height: 8,
        format: 'png',
      });
    }
    organize = new OrganizeService(catalog);
  });
  afterEach(() => {
    catalog.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('changes nothing when one of the images is outside the library', () => {
    const outside = path.join(dir, 'elsewhere.png');
    expect(() => organize.addTag('keep', [file('a.png'), outside])).toThrow(
      `Not in the library: ${outside} is outside every library folder.`,
    );
    expect(() => organize.rate(3, [file('a.png'), file('nope.png')])).toThrow(
      `Not indexed (yet, or skipped): ${file('nope.png')}`,
    );
    expect(organize.tags()).toEqual([]);
    expect(organize.marksOf(file('a.png'))).toEqual({ tags: [], rating: 0, note: null, collections: [] });
  });

  it('gives a tag left on no file the form it is typed in next', () => {
    organize.addTag('cool', [file('a.png')]);
    organize.addTag('COOL', [file('b.png')]);
    expect(organize.tags()).toEqual([{ tag: 'cool', count: 2, auto: false }]);
    catalog.deleteFile(file('a.png'));
    catalog.deleteFile(file('b.png'));
    expect(organize.tags()).toEqual([]);
    organize.addTag('Cool', [file('c.png')]);
    expect(organize.tags()).toEqual([{ tag: 'Cool', count: 1, auto: false }]);
  });

  it('keeps a collection in the order images were added, each once', () => {
    organize.createCollection('Board');
    organize.addToCollection('board', [file('c.png'), file('a.png'), file('c.png')]);
    expect(organize.addToCollection('BOARD', [file('a.png'), file('b.png')])).toBe(1);
    expect(organize.collection('Board').paths).toEqual([file('c.png'), file('a.png'), file('b.png')]);
    expect(() => organize.createCollection(' board ')).toThrow('A collection named "Board" already exists.');
    expect(organize.collections()).toEqual([{ name: 'Board', count: 3 }]);
  });

  it('reorders a collection, refusing an image that is not in it', () => {
    organize.createCollection('Board');
    organize.addToCollection('Board', [file('a.png'), file('b.png'), file('c.png')]);
    organize.reorderCollection('board', [file('c.png')], file('a.png'));
    expect(organize.collection('Board').paths).toEqual([file('c.png'), file('a.png'), file('b.png')]);
    organize.reorderCollection('Board', [file('c.png'), file('a.png')], null);
    expect(organize.collection('Board').paths).toEqual([file('b.png'), file('c.png'), file('a.png')]);
    organize.removeFromCollection('Board', [file('b.png')]);
    expect(() => organize.reorderCollection('Board', [file('b.png')], null)).toThrow(
      `${file('b.png')} is not in the collection "Board".`,
    );
    expect(organize.collection('Board').paths).toEqual([file('c.png'), file('a.png')]);
    expect(organize.collectionPage('Board', 1, 1)).toMatchObject({ total: 2, results: [{ path: file('a.png') }] });
  });

  it('renames and deletes a collection; its images stay, and a name in use is refused', () => {
    organize.createCollection('Board');
    organize.createCollection('Moodboard');
    organize.addToCollection('Board', [file('a.png')]);
    expect(() => organize.renameCollection('Board', 'MOODBOARD')).toThrow(
      'A collection named "Moodboard" already exists.',
    );
    expect(organize.renameCollection('Board', 'board')).toEqual({ name: 'board', count: 1 });
    expect(organize.renameCollection('board', 'Sky refs')).toEqual({ name: 'Sky refs', count: 1 });
    expect(organize.marksOf(file('a.png'))?.collections).toEqual(['Sky refs']);
    organize.deleteCollection('sky refs');
    expect(organize.collections()).toEqual([{ name: 'Moodboard', count: 0 }]);
    expect(organize.marksOf(file('a.png'))?.collections).toEqual([]);
    expect(catalog.fileByPath(file('a.png'))).toBeDefined();
    expect(() => organize.deleteCollection('Sky refs')).toThrow('No collection named "Sky refs".');
  });

  it('browses only the images a filter keeps, in the order asked', () => {
    organize.addTag('keep', [file('a.png'), file('c.png')]);
    organize.rate(4, [file('c.png')]);
    const browse = new BrowseService(catalog);
    const paths = (filter: OrganizeFilter, sort: BrowseSort = 'name') =>
      browse
        .page({ folder: path.join(dir, 'lib'), sort, order: 'desc', seed: 7, condition: organize.condition(filter) })
        .results.map((r) => r.path);
    expect(paths({ tags: ['KEEP'] })).toEqual([file('c.png'), file('a.png')]);
    expect(paths({ minRating: 3 })).toEqual([file('c.png')]);
    expect(paths({ untagged: true })).toEqual([file('b.png')]);
    expect(paths({ tags: ['keep'] }, 'random').sort()).toEqual([file('a.png'), file('c.png')]);
    expect(browse.page({ condition: organize.condition({ tags: ['keep'] }), limit: 1 }).total).toBe(2);
    expect(() => organize.condition({ collection: 'nowhere' })).toThrow('No collection named "nowhere".');
  });
});
