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
export const MIN_MATCH_SHARE = 0.05;

export interface PaletteEntry extends Lab {
  share: number;
}

/** How much of the picture is near `target`, each near colour weighed by its closeness; null when none counts. */
function presence(palette: PaletteEntry[], target: Lab, maxDistance: number): number | null {
  let found = false;
  let score = 0;
  for (const entry of palette) {
    const d = deltaE2000(entry, target);
    if (d > maxDistance) continue;
    if (entry.share >= MIN_MATCH_SHARE) found = true;
    score += entry.share * (1 - d / (maxDistance + 1));
  }
  return found ? score : null;
}

/** The image's colour score in (0, 1], or null when a colour asked for is missing. */
export function colorScore(
  palette: PaletteEntry[],
  targets: Lab[],
  maxDistance = DEFAULT_COLOR_DISTANCE,
): number | null {
  let least = Infinity;
  for (const target of targets) {
    const p = presence(palette, target, maxDistance);
    if (p === null) return null;
    least = Math.min(least, p);
  }
  return targets.length ? least : null;
}
