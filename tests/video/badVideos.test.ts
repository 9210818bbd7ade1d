/**
 * Videos that cannot be used whole: each is skipped or capped with a clear
 * reason and the run goes on; ffmpeg never outlives its time limit or a cancel.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Atelier } from '../../src/main/core/app';
import { VideoRecords } from '../../src/main/core/catalog/videoRecords';
import { bundledFfmpeg } from '../../src/main/core/video/ffmpegBinary';
import { runFfmpeg } from '../../src/main/core/video/runFfmpeg';
import { LONG_VIDEO_S } from '../../src/main/core/video/sampleVideo';
import { openApp } from '../vectors/appFixture';
import { audioOnly, shotsVideo } from './videoFiles';

describe('bad and huge videos', () => {
  let tmp: string;
  let lib: string;
  let atelier: Atelier;
  const ffmpeg = bundledFfmpeg()!;

  beforeAll(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-badvideo-')));
    lib = path.join(tmp, 'lib');
    fs.mkdirSync(lib);
    shotsVideo(path.join(lib, 'good.mp4'), [{ color: '#00a000', seconds: 2 }]);
    audioOnly(path.join(lib, 'sound-only.mp4'));
    // The first half of a real MP4 (its moov atom comes last), and bytes that are no video at all.
    const real = fs.readFileSync(path.join(lib, 'good.mp4'));
    fs.writeFileSync(path.join(lib, 'truncated.mp4'), real.subarray(0, real.length >> 1));
    fs.writeFileSync(path.join(lib, 'noise.mov'), Buffer.alloc(5000, 7));
    // Ten hours at one frame a minute: long, yet quick to write.
    execFileSync('ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'testsrc=s=160x120:r=1/60:d=36000',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-g',
      '10',
      path.join(lib, 'ten-hours.mkv'),
    ]);
    atelier = openApp(path.join(tmp, 'data'));
  });

  afterAll(async () => {
    await atelier?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('skips each broken video with its reason, caps the ten-hour one, and indexes the rest', async () => {
    const summary = await atelier.library.index([lib], undefined, undefined, { maxFrames: 8 });
    const reasons = Object.fromEntries(summary.skipped.map((s) => [path.basename(s.path), s.reason]));
    expect(reasons).toEqual({
      'sound-only.mp4': 'video: no video stream',
      'truncated.mp4': 'video: corrupt or truncated video',
      'noise.mov': 'video: corrupt or truncated video',
    });
    expect(summary.embedded).toBe(2);
    const long = atelier.catalog.fileByPath(path.join(lib, 'ten-hours.mkv'))!;
    const video = new VideoRecords(atelier.catalog.db).get(long.contentKey)!;
    expect(video.durationMs).toBe(36_000_000);
    expect(video.frames).toHaveLength(8);
    expect(video.frames.at(-1)).toBeGreaterThan(30_000_000);
    expect(video.note).toBe(
      `longer than ${LONG_VIDEO_S / 60} minutes: 8 frames spread evenly, without scene detection`,
    );
    // Remembered: the next run does not read them again.
    const again = await atelier.library.index([lib]);
    expect(again.skipped.map((s) => s.reason).sort()).toEqual(Object.values(reasons).sort());
    expect(again.embedded).toBe(0);
  });

  it('kills ffmpeg at its time limit', async () => {
    const endless = ['-f', 'lavfi', '-i', 'testsrc=s=320x240:r=25', '-f', 'null', '-'];
    await expect(runFfmpeg({ ffmpeg, args: endless, timeoutMs: 500 })).rejects.toThrow('took longer than 1 s');
  });

  it('kills ffmpeg when cancelled', async () => {
    const controller = new AbortController();
    let bytes = 0;
    const run = runFfmpeg({
      ffmpeg,
      args: ['-f', 'lavfi', '-i', 'testsrc=s=320x240:r=25', '-f', 'rawvideo', '-'],
      timeoutMs: 60_000,
      signal: controller.signal,
      onData: (chunk) => {
        bytes += chunk.length;
        controller.abort();
      },
    });
    // Settles only once the process has exited.
    await expect(run).rejects.toThrow('cancelled');
    expect(bytes).toBeGreaterThan(0);
  });
});
