/**
 * Which frames a video gives (core/video/sampleVideo.ts), on videos ffmpeg
 * writes here: the first frame, every cut (a change of colour at equal
 * brightness included, which ffmpeg's own detector misses), one at least every
 * interval, never more than the cap; every container the library reads.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledFfmpeg } from '../../src/main/core/video/ffmpegBinary';
import { pickFrames } from '../../src/main/core/video/frameTimes';
import { type SampledVideo, sampleVideo, type VideoSampling } from '../../src/main/core/video/sampleVideo';
import { shotsVideo } from './videoFiles';

// Red and a green of the same luma (BT.601: 0.299 × 255 ≈ 0.587 × 130).
const RED = '#ff0000';
const EQUAL_LUMA_GREEN = '#008200';

describe('sampling a video', () => {
  let tmp: string;
  const ffmpeg = bundledFfmpeg()!;
  const made: SampledVideo[] = [];
  const sample = async (file: string, sampling: VideoSampling = { interval: 10, maxFrames: 64 }) => {
    const video = await sampleVideo(file, { ffmpeg, sampling, tmpDir: tmp });
    made.push(video);
    return video;
  };
  const times = (v: SampledVideo) => v.frames.map((f) => f.time);
  /** The mean colour of a frame file, as [r, g, b]. */
  /** Within what video coding does to a solid colour. */
  const expectColour = (actual: number[], expected: number[]) =>
    expect(
      actual.map((c, i) => Math.abs(c - expected[i]!) <= 6),
      `${actual.join()} vs ${expected.join()}`,
    ).toEqual([true, true, true]);
  const colour = async (file: string) =>
    (await sharp(file).stats()).channels.slice(0, 3).map((c) => Math.round(c.mean));

  beforeAll(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-sample-')));
  });

  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('is the npm package’s own ffmpeg', () => {
    expect(ffmpeg).toContain(path.join('node_modules', '@ffmpeg-installer'));
    expect(execFileSync(ffmpeg, ['-version']).toString()).toMatch(/^ffmpeg version/);
  });

  it('takes a cut from red to a green of equal brightness, which ffmpeg’s scene score misses', async () => {
    const file = path.join(tmp, 'equal-luma.mp4');
    shotsVideo(file, [
      { color: RED, seconds: 3 },
      { color: EQUAL_LUMA_GREEN, seconds: 3 },
    ]);
    // Debian's ffmpeg scores YUV frames by luma: nothing changes at 3 s for it, where a cut to
    // blue (darker) scores at once.
    const darker = path.join(tmp, 'darker.mp4');
    shotsVideo(darker, [
      { color: RED, seconds: 3 },
      { color: '#0000ff', seconds: 3 },
    ]);
    const ffmpegScenes = (video: string) =>
      spawnSync('ffmpeg', [
        '-hide_banner',
        '-i',
        video,
        '-vf',
        "format=yuv420p,select='gt(scene,0.1)',metadata=print",
        '-f',
        'null',
        '-',
      ])
        .stderr.toString()
        .match(/lavfi\.scene_score=[\d.]+/g) ?? [];
    expect(ffmpegScenes(darker)).toHaveLength(1);
    expect(ffmpegScenes(file)).toEqual([]);
    const video = await sample(file);
    expect(times(video)).toEqual([0, 3]);
    expectColour(await colour(video.frames[0]!.file), [255, 0, 0]);
    expectColour(await colour(video.frames[1]!.file), [0, 130, 0]);
    expect(video).toMatchObject({ duration: 6, width: 160, height: 120 });
  });

  it('keeps one frame at least every interval, cuts or not', async () => {
    const file = path.join(tmp, 'still.mp4');
    shotsVideo(file, [{ color: '#808080', seconds: 25 }]);
    expect(times(await sample(file))).toEqual([0, 10, 20]);
    expect(times(await sample(file, { interval: 4, maxFrames: 64 }))).toEqual([0, 4, 8, 12, 16, 20, 24]);
  });

  it('keeps at most the cap, spread over the video, the first frame and cuts first', async () => {
    const file = path.join(tmp, 'many-cuts.mp4');
    const colours = ['#ff0000', '#00ff00', '#0000ff', '#ffff00', '#00ffff', '#ff00ff', '#ffffff', '#000000'];
    shotsVideo(
      file,
      colours.map((color) => ({ color, seconds: 2 })),
    );
    expect(times(await sample(file))).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
    const capped = times(await sample(file, { interval: 10, maxFrames: 3 }));
    expect(capped).toHaveLength(3);
    expect(capped[0]).toBe(0);
    expect(capped.every((t) => t % 2 === 0)).toBe(true);
    expect(capped[2]! - capped[0]!).toBeGreaterThanOrEqual(8);
  });

  it.each(['mov', 'webm', 'mkv', 'avi', 'gif'])('reads %s files', async (ext) => {
    const file = path.join(tmp, `shots.${ext}`);
    shotsVideo(file, [
      { color: '#ff0000', seconds: 1 },
      { color: '#0000ff', seconds: 1 },
    ]);
    const video = await sample(file);
    expect(times(video)).toEqual([0, 1]);
    expectColour(await colour(video.frames[1]!.file), [0, 0, 255]);
  });

  it('picks frames by weight: a cut beats a plain frame at the same distance', () => {
    const cuts = [{ index: 40, score: 0.5 }];
    expect(pickFrames({ frames: 200, rate: 4, cuts, interval: 10, maxFrames: 64 })).toEqual([0, 40, 80, 120, 160]);
    expect(pickFrames({ frames: 200, rate: 4, cuts: [], interval: 10, maxFrames: 2 })).toEqual([0, 160]);
    expect(pickFrames({ frames: 0, rate: 4, cuts: [], interval: 10, maxFrames: 2 })).toEqual([]);
  });
});
