/**
 * Tags, ratings, notes and collections through the `atelier` command on a real
 * indexed folder (the `color` model, whose vectors mean colours): they follow a
 * file through a rename, a move and an edit in place, filter searches, and bad
 * input is refused with one line and changes nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectionView, ImageMarks, TagCount } from '../../src/shared/organize';
import type { IndexSummary } from '../../src/shared/types';
import { type CliResult, json, runCli } from '../helpers/cli';
import { solid } from '../helpers/images';
import { COLOR_MODEL } from '../helpers/paths';

interface Results {
  results: Array<{ path: string; score: number }>;
}
type Info = ImageMarks & { path: string; indexed: boolean; contentKey?: string };

describe('organizing the library from the command line', () => {
  let tmp: string;
  let lib: string;
  let data: string;
  const cli = (...args: string[]) => runCli([...args, '--data', data, '--model', COLOR_MODEL]);
  const at = (...parts: string[]) => path.join(lib, ...parts);
  const info = async (file: string) => json<Info>(await cli('info', file, '--json'));
  const names = (r: Results) => r.results.map((h) => path.basename(h.path)).sort();
  const ok = (r: CliResult) => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return r;
  };

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-organize-'));
    lib = path.join(fs.realpathSync(tmp), 'library');
    data = path.join(tmp, 'data');
    await solid(at('colours', 'red.png'), [220, 25, 25]);
    await solid(at('colours', 'orange.png'), [240, 140, 20]);
    await solid(at('colours', 'yellow.png'), [245, 230, 25]);
    await solid(at('colours', 'green.jpg'), [25, 170, 40]);
    await solid(at('colours', 'blue.webp'), [25, 50, 220]);
    await solid(at('colours', 'purple.png'), [120, 40, 160]);
    fs.mkdirSync(path.join(tmp, 'elsewhere'));
    await solid(path.join(tmp, 'elsewhere', 'stray.png'), [10, 10, 10]);
    const s = json<IndexSummary>(ok(await cli('index', lib, '--json')));
    expect(s.embedded).toBe(6);
  });

  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('tags images case-insensitively, keeping the form first typed, and lists tags with counts', async () => {
    ok(await cli('tag', 'add', '  Warm ', at('colours', 'red.png'), at('colours', 'orange.png')));
    const again = json<{ changed: number }>(ok(await cli('tag', 'add', 'WARM', at('colours', 'red.png'), '--json')));
    expect(again.changed).toBe(0);
    ok(await cli('tag', 'add', '🔥 火', at('colours', 'red.png')));
    ok(await cli('tag', 'add', 'cool', at('colours', 'blue.webp'), at('colours', 'purple.png')));
    ok(await cli('tag', 'remove', 'COOL', at('colours', 'purple.png')));
    const tags = json<TagCount[]>(ok(await cli('tag', 'list', '--json')));
    expect(tags).toEqual([
      { tag: 'cool', count: 1, auto: false },
      { tag: 'Warm', count: 2, auto: false },
      { tag: '🔥 火', count: 1, auto: false },
    ]);
    expect((await info(at('colours', 'red.png'))).tags).toEqual([
      { tag: 'Warm', source: 'user' },
      { tag: '🔥 火', source: 'user' },
    ]);
  });

  it('rates images, keeps a note, and shows both in info', async () => {
    ok(await cli('rate', '4', at('colours', 'red.png'), at('colours', 'blue.webp')));
    ok(await cli('rate', '2', at('colours', 'orange.png')));
    ok(await cli('note', at('colours', 'red.png'), 'the reference for the sunset scene'));
    const red = await info(at('colours', 'red.png'));
    expect(red).toMatchObject({ rating: 4, note: 'the reference for the sunset scene', collections: [] });
    expect(await info(at('colours', 'green.jpg'))).toMatchObject({ tags: [], rating: 0, note: null });
    ok(await cli('note', at('colours', 'orange.png'), 'temporary'));
    ok(await cli('note', at('colours', 'orange.png'), ''));
    expect((await info(at('colours', 'orange.png'))).note).toBeNull();
  });

  it('keeps collections in order, an image in many, and refuses a name that exists', async () => {
    ok(await cli('collection', 'create', 'Sunset board'));
    ok(await cli('collection', 'create', 'palette'));
    ok(await cli('collection', 'add', 'sunset board', at('colours', 'orange.png'), at('colours', 'red.png')));
    ok(await cli('collection', 'add', 'Sunset Board', at('colours', 'purple.png'), at('colours', 'orange.png')));
    ok(await cli('collection', 'add', 'palette', at('colours', 'red.png')));
    const board = json<CollectionView>(ok(await cli('collection', 'show', 'Sunset board', '--json')));
    expect(board).toEqual({
      name: 'Sunset board',
      paths: [at('colours', 'orange.png'), at('colours', 'red.png'), at('colours', 'purple.png')],
    });
    ok(await cli('collection', 'remove', 'Sunset board', at('colours', 'purple.png')));
    expect(json<Array<{ name: string; count: number }>>(ok(await cli('collection', 'list', '--json')))).toEqual([
      { name: 'palette', count: 1 },
      { name: 'Sunset board', count: 2 },
    ]);
    expect((await info(at('colours', 'red.png'))).collections).toEqual(['palette', 'Sunset board']);

    const exists = await cli('collection', 'create', 'SUNSET BOARD');
    expect(exists.code).toBe(1);
    expect(exists.stderr).toBe('atelier: A collection named "Sunset board" already exists.\n');
  });

  it('renames and deletes a collection, refusing a name in use and leaving its images', async () => {
    ok(await cli('collection', 'create', 'scratch'));
    ok(await cli('collection', 'create', 'Greens'));
    ok(await cli('collection', 'add', 'scratch', at('colours', 'yellow.png')));
    const clash = await cli('collection', 'rename', 'scratch', 'GREENS');
    expect(clash.code).toBe(1);
    expect(clash.stderr).toBe('atelier: A collection named "Greens" already exists.\n');
    const missing = await cli('collection', 'rename', 'scratch');
    expect(missing.code).toBe(2);
    ok(await cli('collection', 'add', 'scratch', at('colours', 'green.jpg'), at('colours', 'blue.webp')));
    ok(await cli('collection', 'move', 'scratch', at('colours', 'blue.webp'), '--before', at('colours', 'yellow.png')));
    expect(json<CollectionView>(ok(await cli('collection', 'show', 'scratch', '--json'))).paths).toEqual([
      at('colours', 'blue.webp'),
      at('colours', 'yellow.png'),
      at('colours', 'green.jpg'),
    ]);
    ok(await cli('collection', 'rename', 'Scratch', 'Yellows'));
    expect((await info(at('colours', 'yellow.png'))).collections).toEqual(['Yellows']);
    ok(await cli('collection', 'delete', 'yellows'));
    ok(await cli('collection', 'delete', 'greens'));
    expect((await info(at('colours', 'yellow.png'))).collections).toEqual([]);
    const gone = await cli('collection', 'delete', 'Yellows');
    expect(gone.code).toBe(1);
    expect(gone.stderr).toBe('atelier: No collection named "Yellows".\n');
  }, 240_000);

  it('filters a search by tags (all of them), rating, collection and untagged', async () => {
    const search = async (...flags: string[]) =>
      json<Results>(ok(await cli('search', 'red', '--json', '--limit', '10', ...flags)));
    expect(names(await search('--tag', 'warm'))).toEqual(['orange.png', 'red.png']);
    expect(names(await search('--tag', 'warm', '--tag', '🔥 火'))).toEqual(['red.png']);
    expect(names(await search('--tag', 'no such tag'))).toEqual([]);
    expect(names(await search('--rating', '3'))).toEqual(['blue.webp', 'red.png']);
    expect(names(await search('--rating', '2', '--tag', 'Warm'))).toEqual(['orange.png', 'red.png']);
    expect(names(await search('--in-collection', 'sunset board'))).toEqual(['orange.png', 'red.png']);
    expect(names(await search('--untagged'))).toEqual(['green.jpg', 'purple.png', 'yellow.png']);
    expect(names(await search('--untagged', '--format', 'png'))).toEqual(['purple.png', 'yellow.png']);
    // Ranked as an unfiltered search ranks them: red before orange for "red".
    const ranked = await search('--tag', 'warm');
    expect(path.basename(ranked.results[0]!.path)).toBe('red.png');
    const plain = json<Results>(ok(await cli('search', 'red', '--json', '--limit', '1')));
    expect(ranked.results[0]!.score).toBeCloseTo(plain.results[0]!.score, 5);

    const noCollection = await cli('search', 'red', '--in-collection', 'nowhere');
    expect(noCollection.code).toBe(1);
    expect(noCollection.stderr).toBe('atelier: No collection named "nowhere".\n');
  });

  it('keeps tags, rating, note and collections through a rename, a move and an edit in place', async () => {
    const before = await info(at('colours', 'red.png'));
    fs.renameSync(at('colours', 'red.png'), at('colours', 'crimson.png'));
    let s = json<IndexSummary>(ok(await cli('index', lib, '--json')));
    expect(s).toMatchObject({ moved: 1, embedded: 0 });
    const renamed = await info(at('colours', 'crimson.png'));
    expect(renamed).toMatchObject({ tags: before.tags, rating: 4, note: before.note, collections: before.collections });

    fs.mkdirSync(at('kept'));
    fs.renameSync(at('colours', 'crimson.png'), at('kept', 'crimson.png'));
    s = json<IndexSummary>(ok(await cli('index', lib, '--json')));
    expect(s).toMatchObject({ moved: 1, embedded: 0 });
    const moved = await info(at('kept', 'crimson.png'));
    expect(moved).toMatchObject({ tags: before.tags, rating: 4, note: before.note, collections: before.collections });
    expect(json<CollectionView>(ok(await cli('collection', 'show', 'Sunset board', '--json'))).paths).toEqual([
      at('colours', 'orange.png'),
      at('kept', 'crimson.png'),
    ]);

    // Painted over: same path, new bytes (re-embedded), same tags.
    await solid(at('colours', 'orange.png'), [250, 200, 120], 120);
    const oldKey = (await info(at('colours', 'orange.png'))).contentKey;
    s = json<IndexSummary>(ok(await cli('index', lib, '--json')));
    expect(s).toMatchObject({ embedded: 1, moved: 0 });
    const edited = await info(at('colours', 'orange.png'));
    expect(edited.contentKey).not.toBe(oldKey);
    expect(edited).toMatchObject({ tags: [{ tag: 'Warm', source: 'user' }], rating: 2, collections: ['Sunset board'] });

    const tagged = json<Results>(ok(await cli('search', 'red', '--tag', 'warm', '--json')));
    expect(tagged.results.map((r) => r.path).sort()).toEqual([at('colours', 'orange.png'), at('kept', 'crimson.png')]);
  });

  it('drops what was attached to a file once the file is deleted', async () => {
    fs.rmSync(at('colours', 'blue.webp'));
    ok(await cli('index', lib));
    const tags = json<TagCount[]>(ok(await cli('tag', 'list', '--json')));
    expect(tags.find((t) => t.tag === 'cool')).toBeUndefined();
    expect(names(json<Results>(ok(await cli('search', 'blue', '--rating', '4', '--json'))))).toEqual(['crimson.png']);
  });

  it('refuses bad input with one line and its exit code, changing nothing', async () => {
    const red = at('kept', 'crimson.png');
    const tagsBefore = ok(await cli('tag', 'list', '--json')).stdout;
    const infoBefore = ok(await cli('info', red, '--json')).stdout;
    const cases: Array<{ args: string[]; code: number; message: string }> = [
      { args: ['rate', '7', red], code: 2, message: 'A rating is a whole number from 0 to 5, not "7".' },
      { args: ['rate', 'five', red], code: 2, message: 'A rating is a whole number from 0 to 5, not "five".' },
      {
        args: ['tag', 'add', 'red, warm', red],
        code: 2,
        message: 'A tag cannot contain a comma: "red, warm" (give each tag on its own).',
      },
      {
        args: ['tag', 'add', 'x'.repeat(500), red],
        code: 2,
        message: `A tag is at most 100 characters; this one has 500: "${'x'.repeat(20)}…"`,
      },
      { args: ['tag', 'add', '   ', red], code: 2, message: 'A tag cannot be empty or only spaces.' },
      { args: ['collection', 'create', ' '], code: 2, message: 'A collection name cannot be empty or only spaces.' },
      {
        args: ['tag', 'add', 'fine', red, path.join(tmp, 'elsewhere', 'stray.png')],
        code: 1,
        message: `Not in the library: ${path.join(tmp, 'elsewhere', 'stray.png')} is outside every library folder.`,
      },
      {
        args: ['rate', '3', path.join(tmp, 'elsewhere', 'stray.png')],
        code: 1,
        message: `Not in the library: ${path.join(tmp, 'elsewhere', 'stray.png')} is outside every library folder.`,
      },
      { args: ['collection', 'add', 'nowhere', red], code: 1, message: 'No collection named "nowhere".' },
      {
        args: ['search', 'red', '--rating', '9'],
        code: 2,
        message: 'A rating is a whole number from 0 to 5, not "9".',
      },
      {
        args: ['search', 'red', '--tag', 'a,b'],
        code: 2,
        message: 'A tag cannot contain a comma: "a,b" (give each tag on its own).',
      },
    ];
    for (const c of cases) {
      const r = await cli(...c.args);
      expect({ args: c.args, code: r.code, first: r.stderr.split('\n')[0] }).toEqual({
        args: c.args,
        code: c.code,
        first: `atelier: ${c.message}`,
      });
      expect(r.stdout).toBe('');
    }
    // A usage mistake is refused before the data folder is opened: a new one is not even made.
    const fresh = path.join(tmp, 'fresh-data');
    for (const args of [
      ['rate', '7', red],
      ['tag', 'add', 'a,b', red],
      ['search', 'red', '--rating', '6'],
    ]) {
      const r = await runCli([...args, '--data', fresh, '--model', COLOR_MODEL]);
      expect(r.code).toBe(2);
    }
    expect(fs.existsSync(fresh)).toBe(false);
    expect(ok(await cli('tag', 'list', '--json')).stdout).toBe(tagsBefore);
    expect(ok(await cli('info', red, '--json')).stdout).toBe(infoBefore);
  });
});
