/**
 * An image's palette: its few main colours with the share of the picture each
 * covers, from a small downscaled copy (a few thousand pixels are plenty to
 * tell a red poster from a blue one, and cost a millisecond or two).
 */
import type { PaletteColor } from '../../../shared/types';
import { deltaE2000 } from './deltaE';
import { type Cluster, kMeans, type WeightedLab } from './kmeans';
import { hexOfLab, labOfRgb } from './lab';

/** How many colours a palette holds at most. */
export const PALETTE_SIZE = 5;
/** Clusters closer than this (ΔE2000) are one colour to the eye: merged, so a flat image has one entry, not five. */
const SAME_COLOUR = 6;
/**
 * A cluster under this share is a blend at an edge or a speck, not a colour of the image: its pixels
 * count for the nearest main colour instead.
 */
const SPECK = 0.02;
/** Pixels at most this opaque (of 255) are background, not colour. */
const TRANSPARENT = 127;
/**
 * Bumped whenever the way palettes are made changes: rows of an older version
 * are made again by the next palette pass.
 */
export const PALETTE_VERSION = 1;

/** Pixels as sharp's `raw()` gives them: 1 (grey), 2 (grey+alpha), 3 (RGB) or 4 (RGBA) channels. */
export interface Pixels {
  data: Uint8Array;
  channels: number;
}

/** Identical pixels become one weighted point: flat artwork collapses to a handful. */
function points({ data, channels }: Pixels): WeightedLab[] {
  const counts = new Map<number, number>();
  const alpha = channels === 2 || channels === 4;
  for (let i = 0; i + channels <= data.length; i += channels) {
    if (alpha && data[i + channels - 1]! <= TRANSPARENT) continue;
    const r = data[i]!;
    const g = channels >= 3 ? data[i + 1]! : r;
    const b = channels >= 3 ? data[i + 2]! : r;
    const rgb = (r << 16) | (g << 8) | b;
    counts.set(rgb, (counts.get(rgb) ?? 0) + 1);
  }
  return [...counts].map(([rgb, weight]) => ({ ...labOfRgb(rgb >> 16, (rgb >> 8) & 255, rgb & 255), weight }));
}

/** Folds each cluster into a heavier one that looks the same. */
function mergeLookalikes(clusters: Cluster[]): Cluster[] {
  const kept: Cluster[] = [];
  for (const c of clusters) {
    const into = kept.find((k) => deltaE2000(k, c) < SAME_COLOUR);
    if (!into) {
      kept.push({ ...c });
      continue;
    }
    const weight = into.weight + c.weight;
    into.l = (into.l * into.weight + c.l * c.weight) / weight;
    into.a = (into.a * into.weight + c.a * c.weight) / weight;
    into.b = (into.b * into.weight + c.b * c.weight) / weight;
    into.weight = weight;
  }
  return kept.sort((x, y) => y.weight - x.weight);
}

/** Gives each speck's weight to the main colour nearest to it. */
function foldSpecks(clusters: Cluster[]): Cluster[] {
  const total = clusters.reduce((sum, c) => sum + c.weight, 0);
  const main = clusters.filter((c) => c.weight >= SPECK * total).map((c) => ({ ...c }));
  if (main.length === 0) return clusters;
  for (const speck of clusters.filter((c) => c.weight < SPECK * total)) {
    const nearest = main.reduce((best, c) => (deltaE2000(c, speck) < deltaE2000(best, speck) ? c : best));
    nearest.weight += speck.weight;
  }
  return main.sort((x, y) => y.weight - x.weight);
}

/** The palette of these pixels, largest share first; shares sum to 1 (empty for a wholly transparent image). */
export function paletteOf(pixels: Pixels): PaletteColor[] {
  const clusters = foldSpecks(mergeLookalikes(kMeans(points(pixels), PALETTE_SIZE)));
  const total = clusters.reduce((sum, c) => sum + c.weight, 0);
  return clusters.map((c) => ({ hex: hexOfLab(c), share: Number((c.weight / total).toFixed(4)) }));
}
