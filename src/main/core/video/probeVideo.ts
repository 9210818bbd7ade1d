/**
 * What a video holds, read from ffmpeg's own description of its input (the
 * npm binary comes without ffprobe): the duration and the first video stream's
 * size, or why the file cannot be used.
 */
import { FfmpegError, runFfmpeg } from './runFfmpeg';

export interface VideoProbe {
  /** Seconds; 0 when the container does not say (frames are then sampled as they come). */
  duration: number;
  width: number;
  height: number;
}

const PROBE_TIMEOUT_MS = 30_000;

function seconds(h: string, m: string, s: string): number {
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}

/** The probe, or a FfmpegError whose message is the reason to skip the file. */
export function parseProbe(stderr: string): VideoProbe {
  const video = /Stream #\d+:\d+[^:]*: Video: [^\n]*?(\d{2,5})x(\d{2,5})/.exec(stderr);
  if (!video) {
    if (/Invalid data found|moov atom not found|could not find codec parameters|End of file/i.test(stderr)) {
      throw new FfmpegError('corrupt or truncated video');
    }
    if (/Stream #\d+:\d+/.test(stderr)) throw new FfmpegError('no video stream');
    throw new FfmpegError('not a video ffmpeg can read');
  }
  const d = /Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(stderr);
  return {
    duration: d ? seconds(d[1]!, d[2]!, d[3]!) : 0,
    width: Number(video[1]),
    height: Number(video[2]),
  };
}

export async function probeVideo(ffmpeg: string, file: string, signal?: AbortSignal): Promise<VideoProbe> {
  const { stderr } = await runFfmpeg({ ffmpeg, args: ['-i', file], timeoutMs: PROBE_TIMEOUT_MS, signal });
  return parseProbe(stderr);
}
