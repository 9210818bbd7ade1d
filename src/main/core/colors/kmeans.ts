/**
 * Weighted k-means in CIELAB, seeded by k-means++ from a fixed pseudo-random
 * sequence: the same pixels always give the same clusters, so a palette is
 * computed once per content and never drifts between runs or machines.
 */
import type { Lab } from './lab';

export interface WeightedLab extends Lab {
  weight: number;
}

export interface Cluster extends Lab {
  /** The summed weight of the points nearest to this centre. */
  weight: number;
}

/** mulberry32: small, fast and good enough to pick seeds. */
function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const distance2 = (p: Lab, q: Lab) => (p.l - q.l) ** 2 + (p.a - q.a) ** 2 + (p.b - q.b) ** 2;

/** k-means++: each next centre drawn with probability proportional to weight × squared distance. */
function seedCentres(points: WeightedLab[], k: number, random: () => number): Lab[] {
  const first = points.reduce((best, p) => (p.weight > best.weight ? p : best), points[0]!);
  const centres: Lab[] = [{ l: first.l, a: first.a, b: first.b }];
  const nearest = points.map((p) => distance2(p, first));
  while (centres.length < k) {
    const total = points.reduce((sum, p, i) => sum + p.weight * nearest[i]!, 0);
    // Every point sits on a centre already: fewer colours than k.
    if (total <= 1e-9) break;
    let pick = random() * total;
    let chosen = points.length - 1;
    for (let i = 0; i < points.length; i++) {
      pick -= points[i]!.weight * nearest[i]!;
      if (pick <= 0) {
        chosen = i;
        break;
      }
    }
    const c = points[chosen]!;
    centres.push({ l: c.l, a: c.a, b: c.b });
    points.forEach((p, i) => (nearest[i] = Math.min(nearest[i]!, distance2(p, c))));
  }
  return centres;
}

/** Up to `k` clusters of the points, heaviest first; clusters nothing fell into are dropped. */
export function kMeans(points: WeightedLab[], k: number, seed = 1, maxRounds = 30): Cluster[] {
  if (points.length === 0 || k < 1) return [];
  const centres = seedCentres(points, k, seededRandom(seed));
  const owner = new Int32Array(points.length).fill(-1);
  let sums: Cluster[] = [];
  for (let round = 0; round < maxRounds; round++) {
    let moved = false;
    points.forEach((p, i) => {
      let best = 0;
      let bestD = Infinity;
      centres.forEach((c, j) => {
        const d = distance2(p, c);
        if (d < bestD) [best, bestD] = [j, d];
      });
      if (owner[i] !== best) [owner[i], moved] = [best, true];
    });
    sums = centres.map(() => ({ l: 0, a: 0, b: 0, weight: 0 }));
    points.forEach((p, i) => {
      const s = sums[owner[i]!]!;
      s.l += p.l * p.weight;
      s.a += p.a * p.weight;
      s.b += p.b * p.weight;
      s.weight += p.weight;
    });
    sums.forEach((s, j) => {
      if (s.weight > 0) centres[j] = { l: s.l / s.weight, a: s.a / s.weight, b: s.b / s.weight };
    });
    if (!moved) break;
  }
  return centres
    .map((c, j) => ({ ...c, weight: sums[j]!.weight }))
    .filter((c) => c.weight > 0)
    .sort((x, y) => y.weight - x.weight);
}
