/**
 * `atelier browse` on a real catalog: images indexed with the `color` model in
 * two runs (so that some were added later), with set modification times and
 * sizes, listed by each sort, in pages, and by folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowsePage } from '../../src/shared/browse';
import { json, runCli } from '../helpers/cli';
import { solid } from '../helpers/images';
import { COLOR_MODEL } from '../helpers/paths';

/** name (relative to the library), colour, side in pixels, modification time (s since the epoch). */
const FIRST: Array<[string, [number, number, number], number, number]> = [
  ['a/Red.png', [220, 25, 25], 64, 3000],
  ['a/deep/green.png', [25, 170, 40], 200, 1000],
  ['b/blue.png', [25, 50, 220], 32, 5000],
];
const LATER: Array<[string, [number, number, number], number, number]> = [
  ['a/yellow.png', [245, 230, 25], 128, 2000],
  ['b/Cyan.png', [25, 220, 220], 96, 4000],
];

describe('atelier browse', () => {
  let tmp: string;
  let lib: string;
  let data: string;
  const cli = (...args: string[]) => runCli([...args, '--data', data, '--model', COLOR_MODEL]);
  const browse = async (...args: string[]) => {
    const r = await cli('browse', '--json', ...args);
    expect(r.stderr).toBe('');
    return json<BrowsePage>(r);
  };
  const names = (page: BrowsePage) => page.results.map((r) => path.relative(lib, r.path));

  async function write(files: typeof FIRST): Promise<void> {
    for (const [name, rgb, side, mtime] of files) {
      const file = path.join(lib, name);
      await solid(file, rgb, side);
      fs.utimesSync(file, mtime, mtime);
    }
  }

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-browse-'));
    lib = path.join(tmp, 'library');
    data = path.join(tmp, 'data');
    await write(FIRST);
    expect((await cli('index', lib, '--json')).code).toBe(0);
    await write(LATER);
    expect((await cli('index', lib, '--json')).code).toBe(0);
  });

  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('lists the whole library, the images added last first, with what a page promises', async () => {
    const page = await browse();
    expect(page.total).toBe(5);
    expect(names(page).slice(0, 2).sort()).toEqual(['a/yellow.png', 'b/Cyan.png']);
    expect(names(page).slice(2).sort()).toEqual(['a/Red.png', 'a/deep/green.png', 'b/blue.png']);
    expect(page.results[0]!.addedMs).toBeGreaterThanOrEqual(page.results[4]!.addedMs);
    const red = page.results.find((r) => r.path.endsWith('Red.png'))!;
    expect(red).toEqual({
      path: path.join(lib, 'a', 'Red.png'),
      width: 64,
      height: 64,
      format: 'png',
      bytes: fs.statSync(path.join(lib, 'a', 'Red.png')).size,
      modifiedMs: 3_000_000,
      addedMs: expect.any(Number) as unknown,
    });
    const oldest = await browse('--asc');
    expect(names(oldest).slice(3).sort()).toEqual(['a/yellow.png', 'b/Cyan.png']);
  });

  it('sorts by name without regard to case, by modification time and by size, either way', async () => {
    const byName = ['b/blue.png', 'b/Cyan.png', 'a/deep/green.png', 'a/Red.png', 'a/yellow.png'];
    expect(names(await browse('--sort', 'name'))).toEqual(byName);
    expect(names(await browse('--sort', 'name', '--desc'))).toEqual([...byName].reverse());
    const byTime = ['b/blue.png', 'b/Cyan.png', 'a/Red.png', 'a/yellow.png', 'a/deep/green.png'];
    expect(names(await browse('--sort', 'modified'))).toEqual(byTime);
    expect(names(await browse('--sort', 'modified', '--asc'))).toEqual([...byTime].reverse());
    const sizes = (await browse('--sort', 'size', '--asc')).results.map((r) => r.bytes);
    expect(sizes).toEqual([...sizes].sort((x, y) => x - y));
    expect(new Set(sizes).size).toBe(5);
    const largest = (await browse('--sort', 'size')).results.map((r) => r.bytes);
    expect(largest).toEqual([...sizes].reverse());
  });

  it('shuffles the same way for the same seed, and pages follow on', async () => {
    const all = names(await browse('--sort', 'random', '--seed', '7'));
    expect([...all].sort()).toEqual(names(await browse('--sort', 'name')).sort());
    const pages = await Promise.all(
      [0, 2, 4].map((offset) => browse('--sort', 'random', '--seed', '7', '--limit', '2', '--offset', `${offset}`)),
    );
    expect(pages.flatMap(names)).toEqual(all);
    expect(pages.map((p) => p.total)).toEqual([5, 5, 5]);
    const seeds = await Promise.all([1, 2, 3].map((seed) => browse('--sort', 'random', '--seed', `${seed}`)));
    expect(new Set([all, ...seeds.map(names)].map((order) => order.join()))).not.toEqual(new Set([all.join()]));
  });

  it('pages any sort with --limit and --offset, and says when a page is past the end', async () => {
    const whole = names(await browse('--sort', 'name'));
    const first = await browse('--sort', 'name', '--limit', '3');
    const second = await browse('--sort', 'name', '--limit', '3', '--offset', '3');
    expect([...names(first), ...names(second)]).toEqual(whole);
    expect(second.total).toBe(5);
    const past = await cli('browse', '--offset', '9');
    expect(past.stdout).toBe('No images past 9 of 5.\n');
  });

  it('browses one folder with its subfolders', async () => {
    const a = await browse('--folder', path.join(lib, 'a'), '--sort', 'name');
    expect(a.total).toBe(3);
    expect(names(a)).toEqual(['a/deep/green.png', 'a/Red.png', 'a/yellow.png']);
    const deep = await browse('--folder', path.join(lib, 'a', 'deep'));
    expect(names(deep)).toEqual(['a/deep/green.png']);
    const text = await cli('browse', '--folder', path.join(lib, 'b'), '--sort', 'name');
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[0]).toBe('Images 1–2 of 2:');
    expect(text.stdout).toContain(path.join(lib, 'b', 'Cyan.png'));
  });

  it('refuses an unknown sort with a usage error, and a folder outside the library', async () => {
    const sort = await cli('browse', '--sort', 'colour');
    expect(sort.code).toBe(2);
    expect(sort.stderr.split('\n')[0]).toBe(
      'atelier: --sort must be one of added, modified, name, size, random, not "colour"',
    );
    const outside = await cli('browse', '--folder', tmp);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toBe(`atelier: ${tmp} is not in the library; its folders are listed by 'atelier status'\n`);
    const both = await cli('browse', '--asc', '--desc');
    expect(both.code).toBe(2);
  });
});
