/**
 * Whether an image's palette holds the colours asked for, and how much of
 * them: each colour asked must be within the ΔE2000 cut-off of a palette
 * colour covering a fair share of the picture (a speck of red does not make a
 * red image); the score says how much of the picture is close to the colour
 * least present, so a wholly red image ranks above a half-red one.
 */
import { deltaE2000 } from './deltaE';
import type { Lab } from './lab';

/** The default ΔE2000 cut-off: the same hue and about the same lightness. */
export const DEFAULT_COLOR_DISTANCE = 20;
/** A palette colour must cover at least this share of the picture to make it match. */
const MIN_MATCH_SHARE = 0.05;
/**
 * ΔE2000 is at least the lightness difference over its largest weight (1.75, at L 0 or 100): a
 * palette colour further than this times the cut-off in lightness is skipped without the full formula.
 */
const LIGHTNESS_BOUND = 1.75;

/**
 * How much of the picture is near `target`, each near colour weighed by its closeness; null when
 * none counts. The palette is the (L, a, b, share) quadruples of `data` from `start` to `end`.
 */
function presence(data: Float32Array, start: number, end: number, target: Lab, maxDistance: number): number | null {
  let found = false;
  let score = 0;
  const colour = { l: 0, a: 0, b: 0 };
  for (let i = start; i < end; i += 4) {
    colour.l = data[i]!;
    if (Math.abs(colour.l - target.l) > LIGHTNESS_BOUND * maxDistance) continue;
    colour.a = data[i + 1]!;
    colour.b = data[i + 2]!;
    const d = deltaE2000(colour, target);
    if (d > maxDistance) continue;
    const share = data[i + 3]!;
    if (share >= MIN_MATCH_SHARE) found = true;
    score += share * (1 - d / (maxDistance + 1));
  }
  return found ? score : null;
}

/** A palette's colour score in (0, 1], or null when a colour asked for is missing from it. */
export function colorScore(
  data: Float32Array,
  start: number,
  end: number,
  targets: Lab[],
  maxDistance = DEFAULT_COLOR_DISTANCE,
): number | null {
  let least = Infinity;
  for (const target of targets) {
    const p = presence(data, start, end, target, maxDistance);
    if (p === null) return null;
    least = Math.min(least, p);
  }
  return targets.length ? least : null;
}
