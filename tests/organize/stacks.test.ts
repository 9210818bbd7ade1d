/**
 * Stacks on a real catalog file: members hidden from browse behind their cover,
 * which says how many it hides; a cover gone hands the stack on; stacks merge;
 * a refusal changes nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BrowseService } from '../../src/main/core/browse/browseService';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { reviewGroups } from '../../src/main/core/organize/duplicateReview';
import { OrganizeService } from '../../src/main/core/organize/organizeService';

describe('stacks on a catalog', () => {
  let dir: string;
  let catalog: Catalog;
  let organize: OrganizeService;
  let browse: BrowseService;
  const file = (name: string) => path.join(dir, 'lib', name);
  const shown = (folder?: string) =>
    browse.page({ sort: 'name', order: 'asc', ...(folder ? { folder } : {}) }).results.map((r) => ({
      name: path.basename(r.path),
      ...(r.stack ? { stack: r.stack } : {}),
    }));

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-stacks-'));
    catalog = Catalog.open(path.join(dir, 'catalog.db'));
    const root = catalog.addRoot(path.join(dir, 'lib'));
    // a, b and c are copies (one content); d is small, e is large.
    for (const [name, key, width] of [
      ['a.png', 'same', 64],
      ['b.png', 'same', 64],
      ['c.png', 'same', 64],
      ['d.png', 'd', 16],
      ['e.png', 'e', 128],
      ['sub/f.png', 'f', 32],
    ] as const) {
      catalog.putFile({
        rootId: root.id,
        path: file(name),
        contentKey: key,
        size: width,
        mtimeMs: 1,
        width,
        height: width,
        format: 'png',
      });
    }
    organize = new OrganizeService(catalog);
    browse = new BrowseService(catalog);
  });
  afterEach(() => {
    catalog.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows only the cover, with how many it hides, until unstacked', () => {
    expect(organize.stack(file('a.png'), [file('b.png'), file('c.png')])).toEqual({
      cover: file('a.png'),
      members: [file('a.png'), file('b.png'), file('c.png')],
    });
    expect(shown()).toEqual([
      { name: 'a.png', stack: { count: 2 } },
      { name: 'd.png' },
      { name: 'e.png' },
      { name: 'f.png' },
    ]);
    expect(browse.page({}).total).toBe(4);
    expect(organize.stackOf(file('c.png'))?.members.map((m) => path.basename(m.path))).toEqual([
      'a.png',
      'b.png',
      'c.png',
    ]);
    expect(organize.unstack(file('b.png')).members).toHaveLength(3);
    expect(shown().map((r) => r.name)).toEqual(['a.png', 'b.png', 'c.png', 'd.png', 'e.png', 'f.png']);
    expect(organize.stackOf(file('a.png'))).toBeNull();
  });

  it('hides members in a folder’s page and a filtered page too', () => {
    organize.stack(file('e.png'), [file('sub/f.png')]);
    expect(shown(path.join(dir, 'lib', 'sub'))).toEqual([]);
    expect(browse.page({ folder: path.join(dir, 'lib', 'sub') }).total).toBe(0);
    organize.addTag('kept', [file('e.png'), file('sub/f.png')]);
    const { where, params } = organize.condition({ tags: ['kept'] });
    const tagged = browse.page({ condition: { where, params } });
    expect(tagged.total).toBe(1);
    expect(tagged.results.map((r) => [path.basename(r.path), r.stack])).toEqual([['e.png', { count: 1 }]]);
  });

  it('hands the stack to the member with the most pixels when the cover leaves the library', () => {
    organize.stack(file('a.png'), [file('d.png'), file('e.png')]);
    catalog.deleteFile(file('a.png'));
    expect(shown()).toEqual([
      { name: 'b.png' },
      { name: 'c.png' },
      { name: 'e.png', stack: { count: 1 } },
      { name: 'f.png' },
    ]);
    // A stack left with one image is no stack.
    catalog.deleteFile(file('d.png'));
    expect(organize.stackOf(file('e.png'))).toBeNull();
    expect(shown().map((r) => r.name)).toEqual(['b.png', 'c.png', 'e.png', 'f.png']);
  });

  it('merges stacks when an image already stacked is stacked again, under the new cover', () => {
    organize.stack(file('a.png'), [file('b.png')]);
    organize.stack(file('d.png'), [file('e.png')]);
    expect(organize.stack(file('e.png'), [file('b.png')]).members.map((p) => path.basename(p))).toEqual([
      'e.png',
      'a.png',
      'b.png',
      'd.png',
    ]);
    expect(shown()).toEqual([{ name: 'c.png' }, { name: 'e.png', stack: { count: 3 } }, { name: 'f.png' }]);
  });

  it('marks a duplicate group that is one stack already', async () => {
    expect((await reviewGroups(catalog, '', 0.985))[0]?.stack).toBeUndefined();
    organize.stack(file('b.png'), [file('a.png')]);
    expect((await reviewGroups(catalog, '', 0.985))[0]?.stack).toBeUndefined();
    organize.stack(file('b.png'), [file('c.png')]);
    expect((await reviewGroups(catalog, '', 0.985))[0]?.stack).toEqual({ cover: file('b.png') });
  });

  it('refuses a stack of one, an image outside the library, and unstacking an image in no stack', () => {
    expect(() => organize.stack(file('a.png'), [file('a.png')])).toThrow(
      'A stack needs a cover and at least one other image.',
    );
    const outside = path.join(dir, 'elsewhere.png');
    expect(() => organize.stack(file('a.png'), [file('b.png'), outside])).toThrow(
      `Not in the library: ${outside} is outside every library folder.`,
    );
    expect(() => organize.unstack(file('a.png'))).toThrow(`${file('a.png')} is not in a stack.`);
    expect(shown()).toHaveLength(6);
  });
});
