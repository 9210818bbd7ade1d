/**
 * The core engine end to end through the `atelier` command, with the `color`
 * model whose vectors mean colours: index a real folder with odd files in it,
 * search it, then rename, change and delete files and check the index follows.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexSummary, LibraryStatus } from '../../src/shared/types';
import { json, runCli } from '../helpers/cli';
import { bombPng, solid } from '../helpers/images';
import { COLOR_MODEL, IMAGES } from '../helpers/paths';

interface Results {
  results: Array<{ path: string; score: number; width: number; height: number }>;
}

const PHOTOS = [
  'astronaut.png',
  'chelsea.png',
  'coffee.png',
  'rocket.jpg',
  'hubble_deep_field.jpg',
  'camera.png',
  'horse.png',
  'logo.png',
  'palette_color.png',
  'chessboard_GRAY_U16.tif',
  'brick.png',
  'grass.png',
];

describe('atelier index and search on a real folder', () => {
  let tmp: string;
  let lib: string;
  let data: string;
  const cli = (...args: string[]) => runCli([...args, '--data', data, '--model', COLOR_MODEL]);

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-lib-'));
    lib = path.join(tmp, 'library');
    data = path.join(tmp, 'data');
    fs.mkdirSync(path.join(lib, 'photos'), { recursive: true });
    for (const p of PHOTOS) fs.copyFileSync(path.join(IMAGES, p), path.join(lib, 'photos', p));
    await solid(path.join(lib, 'colours', 'red.png'), [220, 25, 25]);
    await solid(path.join(lib, 'colours', 'green.jpg'), [25, 170, 40]);
    await solid(path.join(lib, 'colours', 'blue.webp'), [25, 50, 220]);
    await solid(path.join(lib, 'colours', 'yellow.png'), [245, 230, 25]);
    const odd = path.join(lib, 'odd');
    fs.mkdirSync(odd);
    fs.copyFileSync(path.join(IMAGES, 'truncated.jpg'), path.join(odd, 'truncated.jpg'));
    fs.writeFileSync(path.join(odd, 'empty.png'), '');
    fs.writeFileSync(path.join(odd, 'fake.jpg'), 'this is a text file with an image name\n');
    await bombPng(path.join(odd, 'bomb.png'));
    fs.writeFileSync(path.join(odd, 'notes.txt'), 'not an image, not even by name');
    fs.symlinkSync(lib, path.join(odd, 'loop'));
  });

  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('indexes the folder and reports every odd file with its reason', async () => {
    const r = await cli('index', lib, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = json<IndexSummary>(r);
    expect(summary.embedded).toBe(PHOTOS.length + 4);
    expect(summary.scanned).toBe(PHOTOS.length + 4 + 4);
    expect(summary).toMatchObject({ reused: 0, moved: 0, removed: 0 });
    const reasons = Object.fromEntries(summary.skipped.map((s) => [path.relative(lib, s.path), s.reason]));
    expect(reasons).toEqual({
      'odd/truncated.jpg': 'corrupt or truncated image',
      'odd/empty.png': 'empty file',
      'odd/fake.jpg': 'not an image (its first bytes match no image format)',
      'odd/bomb.png': expect.stringMatching(/^image too large \(60000×60000 pixels/) as unknown,
      'odd/loop': expect.stringMatching(/symbolic link loop/) as unknown,
    });
  });

  it('finds the red image first for "red"', async () => {
    const r = json<Results>(await cli('search', 'red', '--json', '--limit', '3'));
    expect(path.basename(r.results[0]!.path)).toBe('red.png');
    expect(r.results).toHaveLength(3);
    expect(r.results[0]!.score).toBeGreaterThan(r.results[1]!.score);
    expect(r.results[0]).toMatchObject({ width: 96, height: 96 });
    expect(path.isAbsolute(r.results[0]!.path)).toBe(true);
  });

  it('finds the tabby cat first for "brown"', async () => {
    const r = json<Results>(await cli('search', 'brown', '--json'));
    expect(path.basename(r.results[0]!.path)).toBe('chelsea.png');
  });

  it('returns an image itself first for similar, and for search by example', async () => {
    const coffee = path.join(lib, 'photos', 'coffee.png');
    const similar = json<Results>(await cli('similar', coffee, '--json', '--limit', '5'));
    expect(similar.results[0]!.path).toBe(coffee);
    expect(similar.results[0]!.score).toBeCloseTo(1, 4);
    const byExample = json<Results>(await cli('search', '--image', coffee, '--json'));
    expect(byExample.results[0]!.path).toBe(coffee);
  });

  it('combines text and image, subtracts negative terms, and filters by folder and format', async () => {
    const both = json<Results>(await cli('search', 'yellow green', '--json', '--limit', '2'));
    expect(both.results.map((r) => path.basename(r.path)).sort()).toEqual(['green.jpg', 'yellow.png']);
    const minus = json<Results>(await cli('search', 'yellow green - green', '--json', '--limit', '1'));
    expect(path.basename(minus.results[0]!.path)).toBe('yellow.png');
    const not = json<Results>(await cli('search', 'yellow green', '--not', 'yellow', '--json', '--limit', '1'));
    expect(path.basename(not.results[0]!.path)).toBe('green.jpg');
    const jpegOnly = json<Results>(await cli('search', 'red', '--format', 'jpeg', '--json'));
    expect(jpegOnly.results.length).toBeGreaterThan(0);
    expect(jpegOnly.results.every((r) => /\.jpe?g$/.test(r.path))).toBe(true);
    const inPhotos = json<Results>(await cli('search', 'red', '--folder', path.join(lib, 'photos'), '--json'));
    expect(inPhotos.results.every((r) => r.path.startsWith(path.join(lib, 'photos') + path.sep))).toBe(true);
    const mixed = json<Results>(
      await cli('search', 'blue', '--image', path.join(lib, 'colours', 'red.png'), '--json', '--limit', '2'),
    );
    expect(mixed.results.map((r) => path.basename(r.path)).sort()).toEqual(['blue.webp', 'red.png']);
  });

  it('embeds a text and an image as unit vectors', async () => {
    const t = json<{ model: string; dim: number; vector: number[] }>(await cli('embed', '--text', 'red', '--json'));
    expect(t.dim).toBe(512);
    expect(t.vector).toHaveLength(512);
    expect(Math.hypot(...t.vector)).toBeCloseTo(1, 5);
    const i = json<{ dim: number; vector: number[] }>(
      await cli('embed', '--image', path.join(lib, 'colours', 'red.png'), '--json'),
    );
    const cos = t.vector.reduce((s, v, k) => s + v * i.vector[k]!, 0);
    expect(cos).toBeGreaterThan(0.5);
  });

  it('does no work on a second run over an unchanged folder', async () => {
    const s = json<IndexSummary>(await cli('index', lib, '--json'));
    expect(s).toMatchObject({ embedded: 0, reused: 0, moved: 0, removed: 0 });
    expect(s.skipped).toHaveLength(5);
  });

  it('follows a rename without re-embedding, re-embeds a changed file, and drops a deleted one', async () => {
    const colours = path.join(lib, 'colours');
    fs.mkdirSync(path.join(lib, 'renamed'));
    fs.renameSync(path.join(colours, 'red.png'), path.join(lib, 'renamed', 'crimson.png'));
    await solid(path.join(colours, 'green.jpg'), [120, 40, 160]); // now purple
    fs.rmSync(path.join(colours, 'blue.webp'));
    fs.copyFileSync(path.join(colours, 'yellow.png'), path.join(colours, 'yellow copy.png'));
    const s = json<IndexSummary>(await cli('index', lib, '--json'));
    expect(s).toMatchObject({ embedded: 1, moved: 1, removed: 1, reused: 1 });

    const red = json<Results>(await cli('search', 'red', '--json', '--limit', '1'));
    expect(red.results[0]!.path).toBe(path.join(lib, 'renamed', 'crimson.png'));
    const purple = json<Results>(await cli('search', 'purple', '--json', '--limit', '1'));
    expect(purple.results[0]!.path).toBe(path.join(colours, 'green.jpg'));
    const blue = json<Results>(await cli('search', 'blue', '--json', '--limit', '50'));
    expect(blue.results.some((r) => r.path.endsWith('blue.webp'))).toBe(false);

    const status = json<LibraryStatus>(await cli('status', '--json'));
    expect(status.files).toBe(PHOTOS.length + 4);
    expect(status.folders).toEqual([
      // Four skipped files; the link loop is a folder, reported by each scan but not a file of the library.
      { path: fs.realpathSync(lib), watch: false, files: PHOTOS.length + 4, embedded: PHOTOS.length + 4, skipped: 4 },
    ]);
    expect(status.embeddings[status.model!]).toBe(PHOTOS.length + 4);
    expect(status.provider).toMatchObject({ provider: 'cpu' });
  });

  it('exits 1 with one line for an operational error and 2 for a usage error', async () => {
    const missing = await cli('index', path.join(tmp, 'no-such-folder'));
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(`atelier: Folder not found: ${path.join(tmp, 'no-such-folder')}`);
    const badImage = await cli('similar', path.join(lib, 'odd', 'fake.jpg'));
    expect(badImage.code).toBe(1);
    expect(badImage.stderr).toMatch(/not an image/);
    expect(badImage.stderr.trim().split('\n')).toHaveLength(1);
    const usage = await cli('search', '--limit', 'many', 'red');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--limit must be a positive whole number/);
    const unknown = await cli('index', lib, '--frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
  });
});
