/**
 * Frames of a video for the index: one decoding pass reads small colour
 * thumbnails at a fixed rate to find the cuts, a second writes the chosen
 * frames as PNG files for the encoder, which reads them like any image. A video
 * too long to decode whole in bounded time gets its frames by seeking instead,
 * spread evenly, and says so.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { evenTimes, pickFrames } from './frameTimes';
import { probeVideo } from './probeVideo';
import { FfmpegError, runFfmpeg } from './runFfmpeg';
import { SceneDetector, THUMB_BYTES, THUMB_SIDE } from './sceneChanges';

/** How a video is sampled: the settings `atelier index --video-interval/--video-max-frames` set. */
export interface VideoSampling {
  /** At least one frame every this many seconds. */
  interval: number;
  /** At most this many frames per video. */
  maxFrames: number;
}

export const DEFAULT_SAMPLING: VideoSampling = { interval: 10, maxFrames: 64 };

/** Thumbnails per second read to find cuts: a cut is placed within a quarter second. */
const SCAN_RATE = 4;
/** Longer videos are not decoded whole: their frames are found by seeking (bounded time). */
export const LONG_VIDEO_S = 30 * 60;
/** Frames are written no larger than this on their long side; the encoder needs 224. */
const FRAME_SIDE = 768;
const SEEK_TIMEOUT_MS = 30_000;

export interface SampledFrame {
  /** Seconds from the start. */
  time: number;
  /** A PNG of the frame, in `SampledVideo.dir`. */
  file: string;
}

export interface SampledVideo {
  duration: number;
  width: number;
  height: number;
  frames: SampledFrame[];
  /** The folder the frames are in; the caller removes it. */
  dir: string;
  /** Why the frames are fewer or plainer than the rules say (a very long video), for `info`. */
  note?: string;
}

export interface SampleOptions {
  ffmpeg: string;
  sampling: VideoSampling;
  signal?: AbortSignal;
  /** Where frame folders are made; default the system's temporary folder. */
  tmpDir?: string;
}

/** A pass over a video of this length may take this long: decoding at least at real time, plus a start. */
function decodeTimeout(duration: number): number {
  return 60_000 + Math.max(duration, 60) * 1000;
}

const scaleFilter = `scale=w='min(${FRAME_SIDE},iw)':h='min(${FRAME_SIDE},ih)':force_original_aspect_ratio=decrease`;

/** The input and its first video stream alone: audio and subtitles are never decoded. */
function firstVideoStream(file: string): string[] {
  return ['-i', file, '-map', '0:v:0', '-an', '-sn'];
}

async function scanThumbnails(file: string, duration: number, o: SampleOptions): Promise<SceneDetector> {
  const detector = new SceneDetector();
  let pending: Buffer = Buffer.alloc(0);
  await runFfmpeg({
    ffmpeg: o.ffmpeg,
    args: [
      ...firstVideoStream(file),
      '-vf',
      `fps=${SCAN_RATE},scale=${THUMB_SIDE}:${THUMB_SIDE}:flags=area,format=rgb24`,
      '-f',
      'rawvideo',
      '-',
    ],
    timeoutMs: decodeTimeout(duration),
    signal: o.signal,
    onData: (chunk) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      let at = 0;
      for (; at + THUMB_BYTES <= pending.length; at += THUMB_BYTES) {
        detector.push(new Uint8Array(pending.subarray(at, at + THUMB_BYTES)));
      }
      pending = pending.subarray(at);
    },
  });
  return detector;
}

async function framesIn(dir: string): Promise<string[]> {
  return (await fs.readdir(dir))
    .filter((n) => n.endsWith('.png'))
    .sort()
    .map((n) => path.join(dir, n));
}

async function extractByIndex(file: string, dir: string, indices: number[], duration: number, o: SampleOptions) {
  const select = indices.map((i) => `eq(n\\,${i})`).join('+');
  await runFfmpeg({
    ffmpeg: o.ffmpeg,
    args: [
      ...firstVideoStream(file),
      '-vf',
      `fps=${SCAN_RATE},select='${select}',${scaleFilter}`,
      '-vsync',
      '0',
      '-f',
      'image2',
      path.join(dir, 'frame-%05d.png'),
    ],
    timeoutMs: decodeTimeout(duration),
    signal: o.signal,
  });
  const files = await framesIn(dir);
  return files.slice(0, indices.length).map((f, i) => ({ time: indices[i]! / SCAN_RATE, file: f }));
}

async function extractBySeeking(file: string, dir: string, times: number[], o: SampleOptions) {
  const frames: SampledFrame[] = [];
  for (const [i, time] of times.entries()) {
    const out = path.join(dir, `frame-${String(i).padStart(5, '0')}.png`);
    await runFfmpeg({
      ffmpeg: o.ffmpeg,
      args: ['-ss', time.toFixed(3), '-i', file, '-map', '0:v:0', '-frames:v', '1', '-vf', scaleFilter, out],
      timeoutMs: SEEK_TIMEOUT_MS,
      signal: o.signal,
    }).catch((err: unknown) => {
      if (o.signal?.aborted) throw err;
    });
    if (
      await fs.stat(out).then(
        () => true,
        () => false,
      )
    )
      frames.push({ time, file: out });
  }
  return frames;
}

export async function sampleVideo(file: string, o: SampleOptions): Promise<SampledVideo> {
  const probe = await probeVideo(o.ffmpeg, file, o.signal);
  const dir = await fs.mkdtemp(path.join(o.tmpDir ?? os.tmpdir(), 'atelier-frames-'));
  try {
    const { interval, maxFrames } = o.sampling;
    let frames: SampledFrame[];
    let note: string | undefined;
    if (probe.duration > LONG_VIDEO_S) {
      frames = await extractBySeeking(file, dir, evenTimes(probe.duration, maxFrames), o);
      note = `longer than ${LONG_VIDEO_S / 60} minutes: ${maxFrames} frames spread evenly, without scene detection`;
    } else {
      const scan = await scanThumbnails(file, probe.duration, o);
      const picked = pickFrames({ frames: scan.frames, rate: SCAN_RATE, cuts: scan.cuts, interval, maxFrames });
      frames = picked.length ? await extractByIndex(file, dir, picked, probe.duration, o) : [];
    }
    if (frames.length === 0) throw new FfmpegError('no frame of the video could be decoded');
    const duration = probe.duration || frames.at(-1)!.time + 1 / SCAN_RATE;
    return { duration, width: probe.width, height: probe.height, frames, dir, ...(note ? { note } : {}) };
  } catch (err) {
    await fs.rm(dir, { recursive: true, force: true });
    throw err;
  }
}
