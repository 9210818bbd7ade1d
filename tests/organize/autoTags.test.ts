/**
 * Auto-tags through the `atelier autotag` command on a real indexed folder,
 * with the `color` model (its vectors mean colours, so "red" is near a red
 * image, half-near a dark red one, and far from blue): the threshold decides
 * what is tagged, tags are marked `auto` beside the user's own, new images are
 * tagged when indexed, removal takes only the auto-tags, and bad input is
 * refused with one line, changing nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AutoTagView, ImageMarks, TagCount } from '../../src/shared/organize';
import { type CliResult, json, runCli } from '../helpers/cli';
import { solid } from '../helpers/images';
import { COLOR_MODEL } from '../helpers/paths';

describe('auto-tags from the command line', { timeout: 180_000 }, () => {
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
  const tagsOf = async (name: string) => json<ImageMarks>(ok(await cli('info', at(name), '--json'))).tags;
  const tagged = async (tag: string) => {
    const names: string[] = [];
    for (const name of fs.readdirSync(lib).sort()) {
      if ((await tagsOf(name)).some((t) => t.tag === tag && t.source === 'auto')) names.push(name);
    }
    return names;
  };

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-autotag-'));
    lib = path.join(fs.realpathSync(tmp), 'library');
    data = path.join(tmp, 'data');
    await solid(at('red.png'), [220, 25, 25]);
    await solid(at('darkred.png'), [150, 20, 20]);
    await solid(at('blue.png'), [25, 50, 220]);
    await solid(at('green.png'), [25, 170, 40]);
    ok(await cli('index', lib));
  }, 180_000);

  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('tags what passes the threshold, marked auto, and a higher threshold tags fewer', async () => {
    const loose = json<{ count: number }>(
      ok(await cli('autotag', 'define', 'Warm', '--prompt', 'red', '--threshold', '0.5', '--json')),
    );
    expect(loose.count).toBe(2);
    expect(await tagged('Warm')).toEqual(['darkred.png', 'red.png']);
    ok(await cli('autotag', 'define', 'warm', '--prompt', 'red', '--threshold', '0.9'));
    expect(await tagged('warm')).toEqual(['red.png']);
    const [view] = json<AutoTagView[]>(ok(await cli('autotag', 'list', '--json')));
    expect(view).toMatchObject({ tag: 'warm', prompt: 'red', examples: [], threshold: 0.9, count: 1 });
    expect(view!.model).toMatch(/^color/);
    expect(json<TagCount[]>(ok(await cli('tag', 'list', '--json')))).toEqual([{ tag: 'warm', count: 1, auto: true }]);
  });

  it('joins example images to the description', async () => {
    ok(await cli('autotag', 'define', 'cool', '--prompt', 'green', '--example', at('blue.png'), '--threshold', '0.6'));
    expect(await tagged('cool')).toEqual(['blue.png', 'green.png']);
  });

  it('tags new images when they are indexed', async () => {
    await solid(at('crimson.png'), [225, 20, 30]);
    ok(await cli('index', lib));
    expect(await tagged('warm')).toEqual(['crimson.png', 'red.png']);
  });

  it('removes an auto-tag in one step, leaving the same tag the user gave', async () => {
    ok(await cli('tag', 'add', 'Warm', at('red.png'), at('blue.png')));
    expect(await tagsOf('red.png')).toEqual([
      { tag: 'warm', source: 'auto' },
      { tag: 'warm', source: 'user' },
    ]);
    const removed = json<{ removed: number }>(ok(await cli('autotag', 'remove', 'WARM', '--json')));
    expect(removed.removed).toBe(2);
    expect(await tagsOf('red.png')).toEqual([{ tag: 'warm', source: 'user' }]);
    expect(await tagsOf('crimson.png')).toEqual([]);
    expect(json<AutoTagView[]>(ok(await cli('autotag', 'list', '--json'))).map((t) => t.tag)).toEqual(['cool']);
  });

  it('refuses bad input with one line and its exit code, changing nothing', async () => {
    const before = ok(await cli('autotag', 'list', '--json')).stdout;
    const refusals: Array<[string[], number, string]> = [
      [
        ['define', 'hot', '--prompt', 'red', '--threshold', '7'],
        2,
        'The threshold must be a number above 0 and at most 1, not "7".',
      ],
      [['define', 'hot'], 2, 'autotag define needs --prompt "what the tag means"'],
      [['define', 'hot, warm', '--prompt', 'red'], 2, 'A tag cannot contain a comma'],
      [
        ['define', 'hot', '--prompt', 'red', '--example', at('missing.png')],
        1,
        `No such example image: ${at('missing.png')}`,
      ],
      [['run', 'nothing'], 1, 'No auto-tag named "nothing": define it with atelier autotag define.'],
      [['remove', 'nothing'], 1, 'No auto-tag named "nothing": define it with atelier autotag define.'],
    ];
    for (const [args, code, message] of refusals) {
      const r = await cli('autotag', ...args);
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.stderr).toContain(message);
      expect(r.stderr.trim().split('\n')[0]).toContain(message);
    }
    expect(ok(await cli('autotag', 'list', '--json')).stdout).toBe(before);
  });
});
