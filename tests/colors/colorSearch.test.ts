/**
 * `atelier search --color` on a real catalog: flat colours, splits and a photo
 * indexed by the real CLI with the `color` model. Colours alone rank by how
 * much of them an image holds; beside a text they filter and keep the text's
 * order; a bad colour is refused before anything opens.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { fillPalettes } from '../../src/main/core/indexer/palettePass';
import type { PaletteColor, SearchResults } from '../../src/shared/types';
import { json, runCli } from '../helpers/cli';
import { COLOR_MODEL, IMAGES } from '../helpers/paths';
import { serve } from '../helpers/serve';
import { flat, split } from './paletteImages';

const CRIMSON = '#c8102e';
const BLUE = '#1030c8';

describe('atelier search --color', () => {
  let tmp: string;
  let lib: string;
  let data: string;
  const cli = (...args: string[]) => runCli([...args, '--data', data, '--model', COLOR_MODEL]);
  const search = async (...args: string[]) => {
    const r = await cli('search', '--json', '--limit', '100', ...args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return json<SearchResults>(r).results.map((h) => ({ name: path.basename(h.path), score: h.score }));
  };
  const names = (hits: Array<{ name: string }>) => hits.map((h) => h.name);
  const paletteRows = () => {
    const db = new Database(path.join(data, 'catalog.db'), { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM image_palettes').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-colors-'));
    lib = path.join(fs.realpathSync(tmp), 'library');
    data = path.join(tmp, 'data');
    flat(path.join(lib, 'crimson.png'), CRIMSON);
    flat(path.join(lib, 'scarlet.png'), '#d81a24');
    split(path.join(lib, 'crimson-white.png'), CRIMSON, '#ffffff', 0.6);
    split(path.join(lib, 'crimson-blue.png'), CRIMSON, BLUE, 0.3);
    flat(path.join(lib, 'blue.png'), BLUE);
    split(path.join(lib, 'blue-white.png'), BLUE, '#ffffff', 0.5);
    flat(path.join(lib, 'white.png'), '#ffffff');
    fs.copyFileSync(path.join(IMAGES, 'astronaut.png'), path.join(lib, 'astronaut.png'));
    const indexed = await cli('index', lib, '--json');
    expect(indexed.code, indexed.stderr).toBe(0);
  });

  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('makes a palette for every image while indexing, shown by info --json', async () => {
    expect(paletteRows()).toBe(8);
    const info = json<{ palette: PaletteColor[] }>(await cli('info', path.join(lib, 'crimson-white.png'), '--json'));
    expect(info.palette.map((c) => c.hex)).toEqual([CRIMSON, '#ffffff']);
    expect(info.palette[0]!.share).toBeCloseTo(0.6, 1);
    expect(info.palette.reduce((s, c) => s + c.share, 0)).toBeCloseTo(1, 3);
    const photo = json<{ palette: PaletteColor[] }>(await cli('info', path.join(lib, 'astronaut.png'), '--json'));
    expect(photo.palette.length).toBeGreaterThan(1);
  });

  it(`finds the red images for ${CRIMSON}, the reddest first, and none of the blue`, async () => {
    const hits = await search('--color', CRIMSON);
    expect(names(hits).slice(0, 4)).toEqual(['crimson.png', 'scarlet.png', 'crimson-white.png', 'crimson-blue.png']);
    expect(names(hits)).not.toContain('blue.png');
    expect(names(hits)).not.toContain('blue-white.png');
    expect(names(hits)).not.toContain('white.png');
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
  });

  it('with several colours, finds only images holding all of them', async () => {
    expect(names(await search('--color', CRIMSON, '--color', BLUE))).toEqual(['crimson-blue.png']);
  });

  it('with a tight --color-distance, finds only that very colour', async () => {
    expect(names(await search('--color', '#d81a24', '--color-distance', '2'))).toEqual(['scarlet.png']);
  });

  it('beside a text, filters by colour and keeps the text ranking', async () => {
    const byText = names(await search('white'));
    const red = new Set(names(await search('--color', CRIMSON)));
    const both = names(await search('white', '--color', CRIMSON));
    expect(both.length).toBeGreaterThan(1);
    expect(both).toEqual(byText.filter((n) => red.has(n)));
    expect(both[0]).toBe('crimson-white.png');
  });

  it('filters images that look alike by colour, keeping their order', async () => {
    const similar = async (...args: string[]) => {
      const r = await cli('similar', path.join(lib, 'crimson.png'), '--json', '--limit', '100', ...args);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return json<SearchResults>(r).results.map((h) => path.basename(h.path));
    };
    const alike = await similar();
    const blue = new Set(names(await search('--color', BLUE)));
    const both = await similar('--color', BLUE);
    expect(alike).toContain('white.png');
    expect([...both].sort()).toEqual(['blue-white.png', 'blue.png', 'crimson-blue.png']);
    expect(both).toEqual(alike.filter((n) => blue.has(n)));
    const bad = await runCli(['similar', path.join(lib, 'crimson.png'), '--color', '#zz0000', '--data', data]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--color: Not a colour: "#zz0000"');
  });

  it('refuses a bad hex or distance with a usage message, before the data folder is touched', async () => {
    const fresh = path.join(tmp, 'untouched');
    const bad = await runCli(['search', '--color', '#zz0000', '--data', fresh]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--color: Not a colour: "#zz0000". Give a hex colour such as #c8102e.');
    const word = await runCli(['search', 'sky', '--color', 'red', '--data', fresh]);
    expect(word.code).toBe(2);
    expect(word.stderr).toContain('Not a colour: "red"');
    const distance = await runCli(['search', '--color', CRIMSON, '--color-distance', 'far', '--data', fresh]);
    expect(distance.code).toBe(2);
    expect(distance.stderr).toContain('--color-distance must be a ΔE2000 above 0 and at most 100, not "far"');
    expect(fs.existsSync(fresh)).toBe(false);
  });

  it('makes the palettes missing from a catalog indexed before palettes, a batch per transaction', async () => {
    const db = new Database(path.join(data, 'catalog.db'));
    db.prepare('DELETE FROM image_palettes').run();
    db.close();
    const catalog = Catalog.open(path.join(data, 'catalog.db'));
    try {
      // Cut off after its first batch: what that batch made stays.
      const stop = new AbortController();
      const first = await fillPalettes(catalog, { batchSize: 3, signal: stop.signal, onProgress: () => stop.abort() });
      expect(first).toEqual({ made: 3, failed: 0 });
      expect(paletteRows()).toBe(3);
      expect(await fillPalettes(catalog, { batchSize: 3 })).toEqual({ made: 5, failed: 0 });
      expect(paletteRows()).toBe(8);
    } finally {
      catalog.close();
    }
    expect(names(await search('--color', CRIMSON)).slice(0, 2)).toEqual(['crimson.png', 'scarlet.png']);
  });

  it('gives an image it cannot read an empty palette with the reason, and does not try it again', async () => {
    const photo = path.join(lib, 'astronaut.png');
    const away = path.join(tmp, 'astronaut-away.png');
    const db = new Database(path.join(data, 'catalog.db'));
    db.prepare('DELETE FROM image_palettes WHERE content_key = (SELECT content_key FROM files WHERE path = ?)').run(
      photo,
    );
    db.close();
    fs.renameSync(photo, away);
    const catalog = Catalog.open(path.join(data, 'catalog.db'));
    try {
      expect(await fillPalettes(catalog)).toEqual({ made: 0, failed: 1 });
      const row = catalog.db
        .prepare(
          'SELECT p.colors, p.error FROM image_palettes p JOIN files f ON f.content_key = p.content_key WHERE f.path = ?',
        )
        .get(photo) as { colors: string; error: string };
      expect(row.colors).toBe('[]');
      expect(row.error).toMatch(/missing|no such file|ENOENT/i);
      expect(await fillPalettes(catalog)).toEqual({ made: 0, failed: 0 });
    } finally {
      catalog.close();
      fs.renameSync(away, photo);
    }
  });

  it('over HTTP: searches by colour alone and filters similar images by it, gives a palette, and refuses a bad colour naming the field', async () => {
    const served = await serve(['--data', data, '--model', COLOR_MODEL]);
    try {
      const token = new URL(served.url).searchParams.get('token')!;
      const api = (name: string, body: unknown) =>
        fetch(`${served.origin}/api/${name}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(body),
        });
      const found = (await (await api('search.query', { filters: { colors: [BLUE] } })).json()) as {
        value: SearchResults;
      };
      // crimson-blue.png is 70% blue, blue-white.png half.
      expect(found.value.results.map((h) => path.basename(h.path))).toEqual([
        'blue.png',
        'crimson-blue.png',
        'blue-white.png',
      ]);
      const similar = (await (
        await api('search.similar', { path: path.join(lib, 'crimson.png'), filters: { colors: [BLUE] } })
      ).json()) as { value: SearchResults };
      expect(similar.value.results.map((h) => path.basename(h.path)).sort()).toEqual([
        'blue-white.png',
        'blue.png',
        'crimson-blue.png',
      ]);
      const palette = (await (await api('search.palette', { path: path.join(lib, 'blue.png') })).json()) as {
        value: PaletteColor[];
      };
      expect(palette.value).toEqual([{ hex: BLUE, share: 1 }]);
      const bad = await api('search.query', { filters: { colors: ['#12'] } });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { message: string }).message).toBe(
        'filters.colors.0: Not a colour: give a hex colour such as #c8102e',
      );
    } finally {
      await served.stop();
    }
  });
});
