/**
 * Which sampled frames a video keeps: its first frame, every cut, and enough
 * frames between them that no gap is longer than the interval; over the cap,
 * the ones that spread furthest apart win, a cut counting as further than a
 * plain frame at the same distance, so coverage stays even and cuts are kept first.
 */
import type { Cut } from './sceneChanges';

export interface FramePick {
  /** Frames on the sampling grid (`frames / rate` seconds long). */
  frames: number;
  /** Grid frames per second. */
  rate: number;
  cuts: Cut[];
  /** Longest gap in seconds between kept frames (before the cap). */
  interval: number;
  maxFrames: number;
}

/** Grid indices to keep, ascending. */
export function pickFrames({ frames, rate, cuts, interval, maxFrames }: FramePick): number[] {
  if (frames <= 0 || maxFrames <= 0) return [];
  const weight = new Map<number, number>([[0, 2]]);
  for (const c of cuts) weight.set(c.index, Math.max(weight.get(c.index) ?? 0, 1 + c.score));
  const step = Math.max(1, Math.round(interval * rate));
  const anchors = [...weight.keys()].sort((a, b) => a - b);
  anchors.push(frames);
  for (let i = 0; i + 1 < anchors.length; i++) {
    for (let f = anchors[i]! + step; f < anchors[i + 1]!; f += step) if (!weight.has(f)) weight.set(f, 1);
  }
  const candidates = [...weight.keys()].sort((a, b) => a - b);
  if (candidates.length <= maxFrames) return candidates;

  // Farthest-point selection, weighted: each round keeps the candidate furthest from those kept.
  const kept = [0];
  const nearest = new Map(candidates.map((c) => [c, Math.abs(c)]));
  nearest.delete(0);
  while (kept.length < maxFrames && nearest.size > 0) {
    let best = -1;
    let bestValue = -1;
    for (const [c, d] of nearest) {
      const value = d * weight.get(c)!;
      if (value > bestValue) [best, bestValue] = [c, value];
    }
    kept.push(best);
    nearest.delete(best);
    for (const [c, d] of nearest) nearest.set(c, Math.min(d, Math.abs(c - best)));
  }
  return kept.sort((a, b) => a - b);
}

/** Times of `count` frames spread evenly over a video, each in the middle of its share. */
export function evenTimes(duration: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => (duration * (i + 0.5)) / count);
}
