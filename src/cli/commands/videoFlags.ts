/** The video flags: `index --video-interval/--video-max-frames` and `similar --time`, checked before the core opens. */
import type { VideoSampling } from '../../main/core/video/sampleVideo';
import { UsageError } from '../errors';
import type { FlagValues } from '../flags';

/** This run's overrides of the settings' video sampling. */
export function videoSamplingOf(values: FlagValues): Partial<VideoSampling> {
  const out: Partial<VideoSampling> = {};
  const interval = values['video-interval'];
  if (interval !== undefined) {
    const s = Number(interval);
    if (!(s >= 0.5 && s <= 3600)) {
      throw new UsageError(`--video-interval must be seconds from 0.5 to 3600, not "${interval}"`);
    }
    out.interval = s;
  }
  const max = values['video-max-frames'];
  if (max !== undefined) {
    const n = Number(max);
    if (!Number.isInteger(n) || n < 1 || n > 1000) {
      throw new UsageError(`--video-max-frames must be a whole number from 1 to 1000, not "${max}"`);
    }
    out.maxFrames = n;
  }
  return out;
}

/** `--time S`: seconds into a video, or undefined when not given. */
export function timeOf(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const s = Number(raw);
  if (!Number.isFinite(s) || s < 0) throw new UsageError(`--time must be seconds from 0 on, not "${raw}"`);
  return s;
}
