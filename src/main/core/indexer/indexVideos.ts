/**
 * The indexer's video pass: each video's frames are sampled with ffmpeg
 * (core/video), embedded like images, and committed in one transaction with the
 * video's own vector, the mean of its frames', which places the video as a whole
 * (similar videos, duplicates). One video at a time: a video already yields a
 * batch of frames, and ffmpeg's decoding uses the cores the model leaves.
 */
import fs from 'node:fs/promises';
import type { SkippedFile } from '../../../shared/types';
import type { Catalog } from '../catalog/catalog';
import { frameKey } from '../catalog/framePaths';
import { VideoRecords } from '../catalog/videoRecords';
import type { ClipEncoder } from '../clip/encoderClient';
import { contentKey } from '../files/contentKey';
import { videoFormat } from '../files/videoFiles';
import { FfmpegError } from '../video/runFfmpeg';
import { type SampledVideo, sampleVideo, type VideoSampling } from '../video/sampleVideo';
import { type EmbedTask, skipOf } from './plan';

/** What indexing needs to read videos. */
export interface VideoIndexing {
  /** The ffmpeg program; null where none is available (videos are then skipped, saying so). */
  ffmpeg: string | null;
  sampling: VideoSampling;
  /** Where frames are written while a video is embedded; default the system's temporary folder. */
  tmpDir?: string;
}

export interface VideoPass {
  catalog: Catalog;
  encoder: ClipEncoder;
  video: VideoIndexing;
  batchSize: number;
  signal?: AbortSignal;
  stopped: () => boolean;
  /** After each video, committed or skipped. */
  onVideo: (task: EmbedTask, embedded: boolean) => void;
  skipped: SkippedFile[];
}

/** The mean of unit vectors, made unit again: a video's own vector, or its frames as one example. */
export function normalised(vectors: Float32Array[]): Float32Array {
  const mean = new Float32Array(vectors[0]!.length);
  for (const v of vectors) for (let i = 0; i < v.length; i++) mean[i]! += v[i]!;
  const norm = Math.hypot(...mean) || 1;
  return mean.map((x) => x / norm);
}

export interface EmbeddedFrame {
  timeMs: number;
  vector: Float32Array;
}

/** The frames' vectors, in `batchSize` images per encoder call; a frame that failed is left out. */
export async function embedFrames(
  encoder: ClipEncoder,
  frames: SampledVideo['frames'],
  batchSize: number,
): Promise<EmbeddedFrame[]> {
  const out: EmbeddedFrame[] = [];
  for (let i = 0; i < frames.length; i += batchSize) {
    const batch = frames.slice(i, i + batchSize);
    const { vectors } = await encoder.embedImages(batch.map((f) => f.file));
    batch.forEach((f, j) => {
      const vector = vectors[j];
      if (vector) out.push({ timeMs: Math.round(f.time * 1000), vector });
    });
  }
  return out;
}

async function indexVideo(pass: VideoPass, task: EmbedTask): Promise<void> {
  const { catalog, encoder } = pass;
  const { file, rootId } = task;
  const skip = (reason: string) => {
    catalog.transaction(() => {
      catalog.deleteFile(file.path);
      catalog.putSkipped({ ...skipOf(file, reason), rootId });
    });
    pass.skipped.push({ path: file.path, reason });
    pass.onVideo(task, false);
  };
  if (!pass.video.ffmpeg) {
    // Nothing is wrong with the file: what was indexed of it stays, and the next run with ffmpeg reads it.
    pass.skipped.push({ path: file.path, reason: 'video: no ffmpeg for this platform' });
    pass.onVideo(task, false);
    return;
  }
  let sampled;
  try {
    sampled = await sampleVideo(file.path, {
      ffmpeg: pass.video.ffmpeg,
      sampling: pass.video.sampling,
      ...(pass.signal ? { signal: pass.signal } : {}),
      ...(pass.video.tmpDir ? { tmpDir: pass.video.tmpDir } : {}),
    });
  } catch (err) {
    if (pass.stopped()) return;
    if (err instanceof FfmpegError) return skip(`video: ${err.message}`);
    throw err;
  }
  try {
    const key = await contentKey(file.path, file.size);
    const frames = await embedFrames(encoder, sampled.frames, pass.batchSize);
    if (pass.stopped()) return;
    if (frames.length === 0) return skip('video: no frame could be embedded');
    const modelId = encoder.model.id;
    catalog.transaction(() => {
      for (const f of frames) catalog.putEmbedding(frameKey(key, f.timeMs), modelId, f.vector);
      new VideoRecords(catalog.db).put(
        key,
        sampled.duration * 1000,
        sampled.note ?? null,
        frames.map((f) => f.timeMs),
      );
      catalog.putEmbedding(key, modelId, normalised(frames.map((f) => f.vector)));
      catalog.putFile({
        rootId,
        path: file.path,
        contentKey: key,
        size: file.size,
        mtimeMs: file.mtimeMs,
        width: sampled.width,
        height: sampled.height,
        format: videoFormat(file.path),
      });
    });
    pass.onVideo(task, true);
  } finally {
    await fs.rm(sampled.dir, { recursive: true, force: true });
  }
}

export async function indexVideos(pass: VideoPass, tasks: EmbedTask[]): Promise<void> {
  for (const task of tasks) {
    if (pass.stopped()) return;
    await indexVideo(pass, task);
  }
}
