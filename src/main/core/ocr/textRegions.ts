/**
 * DB post-processing (PaddleOCR's DBPostProcess, in its axis-aligned form):
 * the detector's probability map is thresholded, each connected region of text
 * pixels becomes a box scored by its mean probability, and the box is grown
 * ("unclipped") by area × ratio / perimeter, since DB learns to predict a
 * shrunken core of each text line.
 */

export interface Region {
  /** Left, top, right, bottom, in map pixels. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  score: number;
}

export interface RegionOptions {
  /** A map pixel above this is text (PaddleOCR: 0.3). */
  threshold: number;
  /** A region whose mean probability is below this is dropped (PaddleOCR: 0.6). */
  minScore: number;
  /** How much a region grows (PaddleOCR: 1.5). */
  unclipRatio: number;
  /** Regions with a side shorter than this, in map pixels, are noise (PaddleOCR: 3). */
  minSide: number;
  /** At most this many regions, the largest first. */
  maxRegions: number;
}

export const DB_DEFAULTS: RegionOptions = {
  threshold: 0.3,
  minScore: 0.6,
  unclipRatio: 1.5,
  minSide: 3,
  maxRegions: 1000,
};

/** The text regions of a width × height probability map, grown and clamped to the map. */
export function textRegions(
  prob: Float32Array,
  width: number,
  height: number,
  options: RegionOptions = DB_DEFAULTS,
): Region[] {
  const label = new Int32Array(width * height);
  const stack = new Int32Array(width * height);
  const found: Array<Region & { pixels: number }> = [];
  let next = 0;
  for (let start = 0; start < prob.length; start++) {
    if (label[start] !== 0 || prob[start]! <= options.threshold) continue;
    next++;
    let top = 0;
    stack[top++] = start;
    label[start] = next;
    let x0 = width;
    let y0 = height;
    let x1 = -1;
    let y1 = -1;
    let sum = 0;
    let pixels = 0;
    while (top > 0) {
      const i = stack[--top]!;
      const x = i % width;
      const y = (i - x) / width;
      sum += prob[i]!;
      pixels++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      // Eight neighbours, as OpenCV's findContours joins them.
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const j = ny * width + nx;
          if (label[j] === 0 && prob[j]! > options.threshold) {
            label[j] = next;
            stack[top++] = j;
          }
        }
      }
    }
    const w = x1 - x0 + 1;
    const h = y1 - y0 + 1;
    if (Math.min(w, h) < options.minSide) continue;
    const score = sum / pixels;
    if (score < options.minScore) continue;
    found.push({ x0, y0, x1: x1 + 1, y1: y1 + 1, score, pixels });
  }
  found.sort((a, b) => b.pixels - a.pixels);
  return found.slice(0, options.maxRegions).map(({ x0, y0, x1, y1, score }) => {
    const w = x1 - x0;
    const h = y1 - y0;
    const grow = (w * h * options.unclipRatio) / (2 * (w + h));
    return {
      x0: Math.max(0, x0 - grow),
      y0: Math.max(0, y0 - grow),
      x1: Math.min(width, x1 + grow),
      y1: Math.min(height, y1 + grow),
      score,
    };
  });
}
