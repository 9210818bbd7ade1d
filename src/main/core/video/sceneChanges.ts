/**
 * Finds cuts by comparing small colour thumbnails of consecutive sampled
 * frames. ffmpeg's own scene score works on luma alone in the builds that feed
 * it YUV (Debian's 5.1 scores a cut from red to a green of the same brightness
 * as no change at all, tests/video/sceneChanges.test.ts), so a change of colour at equal
 * brightness would be missed; the mean colour difference over all three
 * channels sees it.
 */

/** Thumbnail side: 16 × 16 RGB is enough to tell shots apart and costs 768 bytes a frame. */
export const THUMB_SIDE = 16;
export const THUMB_BYTES = THUMB_SIDE * THUMB_SIDE * 3;

/** Mean absolute difference of two frames over every channel, 0 (same) to 1 (black to white). */
export function frameDistance(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / (a.length * 255);
}

export interface Cut {
  /** Index of the first frame of the new shot. */
  index: number;
  /** How different it is from the frame before, 0 to 1. */
  score: number;
}

/**
 * A difference above this is a cut: camera moves and lighting drifts between two frames a
 * quarter second apart stay well under it; a cut to another shot (or colour) goes far above.
 */
const CUT_THRESHOLD = 0.12;

export class SceneDetector {
  private previous: Uint8Array | null = null;
  private count = 0;
  readonly cuts: Cut[] = [];

  /** Takes the next thumbnail in order. */
  push(thumb: Uint8Array): void {
    if (this.previous) {
      const score = frameDistance(this.previous, thumb);
      if (score > CUT_THRESHOLD) this.cuts.push({ index: this.count, score });
    }
    this.previous = thumb;
    this.count++;
  }

  /** Thumbnails seen so far. */
  get frames(): number {
    return this.count;
  }
}
