/**
 * One frame of a video as PNG bytes, for thumbnails: ffmpeg seeks to the time
 * (accurately: it decodes from the keyframe before) and writes the frame to its
 * output pipe, within a time limit.
 */
import { runFfmpeg } from '../video/runFfmpeg';

const FRAME_TIMEOUT_MS = 30_000;

export async function videoFrameImage(ffmpeg: string, file: string, time: number, side: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const run = (at: number) =>
    runFfmpeg({
      ffmpeg,
      args: [
        '-ss',
        at.toFixed(3),
        '-i',
        file,
        '-map',
        '0:v:0',
        '-frames:v',
        '1',
        '-vf',
        `scale=w='min(${side},iw)':h='min(${side},ih)':force_original_aspect_ratio=decrease`,
        '-f',
        'image2pipe',
        '-c:v',
        'png',
        '-',
      ],
      timeoutMs: FRAME_TIMEOUT_MS,
      onData: (chunk) => chunks.push(chunk),
    });
  await run(time);
  // A time at or past the end gives no frame: the first one stands in.
  if (chunks.length === 0 && time > 0) await run(0);
  if (chunks.length === 0) throw new Error('no frame of the video could be decoded');
  return Buffer.concat(chunks);
}
