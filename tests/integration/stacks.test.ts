/**
 * Stacks through the `atelier` command on a real indexed folder (the `color`
 * model, whose vectors mean colours): a stacked group shows as its cover in
 * browse, search and similar, follows its files through a rename, hands the
 * stack on when the cover is deleted, and bad input changes nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowsePage } from '../../src/shared/browse';
import type { DuplicateGroup, StackView } from '../../src/shared/organize';
import type { IndexSummary } from '../../src/shared/types';
import { type CliResult, json, runCli } from '../helpers/cli';
import { solid } from '../helpers/images';
import { COLOR_MODEL } from '../helpers/paths';

interface Results {
  results: Array<{ path: string; stack?: { count: number } }>;
}

describe('stacks from the command line', () => {
  let tmp: string;
  let lib: string;
  let data: string;
  const cli = (...args: string[]) => runCli([...args, '--data', data, '--model', COLOR_MODEL]);
  const at = (name: string) => path.join(lib, name);
  const ok = (r: CliResult) => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return r;
  };
  /** What a listing shows: names, and the stack count of covers. */
  const seen = (r: Results | BrowsePage) =>
    r.results.map((h) => `${path.basename(h.path)}${h.stack ? ` +${h.stack.count}` : ''}`).sort();
  const browse = async () => seen(json<BrowsePage>(ok(await cli('browse', '--json'))));
  const duplicates = async () => json<{ groups: DuplicateGroup[] }>(ok(await cli('duplicates', '--json'))).groups;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-stacks-'));
    lib = path.join(fs.realpathSync(tmp), 'library');
    data = path.join(tmp, 'data');
    // Three reds alike (sizes differ), and a blue apart.
    await solid(at('red-big.png'), [220, 25, 25], 160);
    await solid(at('red.png'), [220, 25, 25], 96);
    await solid(at('red-small.jpg'), [221, 26, 24], 48);
    await solid(at('blue.png'), [25, 50, 220]);
    expect(json<IndexSummary>(ok(await cli('index', lib, '--json'))).embedded).toBe(4);
  });

  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('stacks a duplicate group: browse, search and similar show the cover with +N, duplicates marks it', async () => {
    const [group] = await duplicates();
    expect(group?.paths.map((p) => path.basename(p)).sort()).toEqual(['red-big.png', 'red-small.jpg', 'red.png']);
    expect(group?.stack).toBeUndefined();

    const stack = json<StackView>(
      ok(await cli('stack', at('red-big.png'), at('red.png'), at('red-small.jpg'), '--json')),
    );
    expect(stack).toEqual({
      cover: at('red-big.png'),
      members: [at('red-big.png'), at('red-small.jpg'), at('red.png')],
    });

    expect(await browse()).toEqual(['blue.png', 'red-big.png +2']);
    expect(seen(json<Results>(ok(await cli('search', 'red', '--json'))))).toEqual(['blue.png', 'red-big.png +2']);
    expect(seen(json<Results>(ok(await cli('similar', at('red.png'), '--json'))))).toEqual([
      'blue.png',
      'red-big.png +2',
    ]);
    expect((await duplicates())[0]?.stack).toEqual({ cover: at('red-big.png') });
    expect(ok(await cli('browse')).stdout).toContain(`${at('red-big.png')}  (+2 stacked)`);
  });

  it('keeps the stack through a rename, and hands it on when the cover is deleted', async () => {
    fs.renameSync(at('red.png'), at('crimson.png'));
    expect(json<IndexSummary>(ok(await cli('index', lib, '--json')))).toMatchObject({ moved: 1, embedded: 0 });
    expect(await browse()).toEqual(['blue.png', 'red-big.png +2']);

    fs.rmSync(at('red-big.png'));
    ok(await cli('index', lib, '--json'));
    // The member with the most pixels is the cover now.
    expect(await browse()).toEqual(['blue.png', 'crimson.png +1']);
    expect((await duplicates())[0]?.stack).toEqual({ cover: at('crimson.png') });
  });

  it('refuses bad input with one line, changing nothing', async () => {
    for (const [args, code, message] of [
      [['stack', at('blue.png')], 2, 'stack needs a cover and the images to stack behind it'],
      [['stack', at('blue.png'), at('blue.png')], 2, 'A stack needs a cover and at least one other image.'],
      [['stack', at('blue.png'), path.join(tmp, 'nowhere.png')], 1, 'outside every library folder'],
      [['unstack', at('blue.png')], 1, `${at('blue.png')} is not in a stack.`],
      [['unstack'], 2, 'unstack takes one image of the stack'],
    ] as const) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.stderr).toContain(message);
      expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    }
    expect(await browse()).toEqual(['blue.png', 'crimson.png +1']);
  });

  it('unstacks from any member: every image shows again', async () => {
    const undone = json<StackView>(ok(await cli('unstack', at('red-small.jpg'), '--json')));
    expect(undone.cover).toBe(at('crimson.png'));
    expect(await browse()).toEqual(['blue.png', 'crimson.png', 'red-small.jpg']);
    expect((await duplicates())[0]?.stack).toBeUndefined();
  });
});
