/**
 * Videos through the `atelier` command (the `color` model): index flags, `info`
 * on a video, a search hit's time in `--json`, `--format video`, and `similar`
 * with a video's frame or with all of it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexSummary, SearchHit } from '../../src/shared/types';
import { type CliResult, json, runCli } from '../helpers/cli';
import { solid } from '../helpers/images';
import { COLOR_MODEL } from '../helpers/paths';
import { shotsVideo } from './videoFiles';

describe('videos from the command line', () => {
  let tmp: string;
  let lib: string;
  let data: string;
  const cli = (...args: string[]) => runCli([...args, '--data', data, '--model', COLOR_MODEL]);
  const ok = (r: CliResult) => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return r;
  };
  const results = async (...args: string[]) => json<{ results: SearchHit[] }>(ok(await cli(...args, '--json'))).results;
  const video = () => path.join(lib, 'rgb.mkv');

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-videocli-'));
    lib = path.join(fs.realpathSync(tmp), 'library');
    data = path.join(tmp, 'data');
    fs.mkdirSync(lib, { recursive: true });
    shotsVideo(video(), [
      { color: '#ff0000', seconds: 4 },
      { color: '#00a000', seconds: 4 },
      { color: '#0000ff', seconds: 4 },
    ]);
    await solid(path.join(lib, 'green.png'), [25, 170, 40]);
    await solid(path.join(lib, 'blue.png'), [25, 50, 220]);
  });

  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('refuses bad sampling flags before touching anything', async () => {
    const bad = await cli('index', lib, '--video-interval', '0');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--video-interval must be seconds from 0.5 to 3600, not "0"');
    const worse = await cli('index', lib, '--video-max-frames', '2.5');
    expect(worse.stderr).toContain('--video-max-frames must be a whole number from 1 to 1000, not "2.5"');
    expect(fs.existsSync(data)).toBe(false);
  });

  it('indexes with the given interval and cap, and `info` lists the frames', async () => {
    const s = json<IndexSummary>(
      ok(await cli('index', lib, '--video-interval', '2', '--video-max-frames', '5', '--json')),
    );
    expect(s).toMatchObject({ embedded: 3, skipped: [] });
    const info = json<Record<string, unknown>>(ok(await cli('info', video(), '--json')));
    // Cuts at 4 and 8, one every 2 s between: 0, 2, 4, 6, 8, 10; capped at 5, spread out.
    expect(info).toMatchObject({ path: video(), format: 'mkv', duration: 12, width: 160, height: 120 });
    const times = (info.frames as Array<{ time: number }>).map((f) => f.time);
    expect(times).toHaveLength(5);
    expect(times).toEqual(expect.arrayContaining([0, 4, 8]));
    const text = ok(await cli('info', video())).stdout;
    expect(text).toContain(`video: 12 s, frames at ${times.map((t) => `${t} s`).join(', ')}`);
  });

  it('says when a hit on a video is, and filters by `video`', async () => {
    const hits = await results('search', 'blue', '--visual-only', '--format', 'video');
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ path: video(), duration: 12 });
    expect(hits[0]!.time).toBeGreaterThanOrEqual(8);
    const text = ok(await cli('search', 'blue', '--visual-only', '--format', 'mkv')).stdout;
    expect(text).toMatch(new RegExp(`${video().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}  at (8|10) s`));
  });

  it('finds what looks like one frame of a video, or like all of it', async () => {
    const green = await results('similar', video(), '--time', '5');
    expect(green[0]).toMatchObject({ path: video() });
    expect(green[0]!.time).toBeGreaterThanOrEqual(4);
    expect(green[0]!.time).toBeLessThan(8);
    expect(green.map((h) => path.basename(h.path)).indexOf('green.png')).toBeLessThan(
      green.map((h) => path.basename(h.path)).indexOf('blue.png'),
    );
    const blue = await results('similar', video(), '--time', '11');
    expect(blue.map((h) => path.basename(h.path)).indexOf('blue.png')).toBeLessThan(
      blue.map((h) => path.basename(h.path)).indexOf('green.png'),
    );
    const whole = await results('similar', video());
    expect(whole[0]).toMatchObject({ path: video() });
    const bad = await cli('similar', video(), '--time', 'soon');
    expect(bad.stderr).toContain('--time must be seconds from 0 on, not "soon"');
  });
});
