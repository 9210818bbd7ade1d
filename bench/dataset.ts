/**
 * Clustered synthetic unit vectors, reproducible from a seed and generated a
 * row at a time: row i is a pure function of (seed, i), so a million rows can
 * be inserted and later streamed again for ground truth without ever holding
 * them all (2 GB at 1M x 512 f32 would swamp the memory being measured).
 *
 * Shape: each row belongs to one of `clusters` centres and varies within a
 * `rank`-dimensional subspace of its own, plus isotropic noise. Isotropic
 * Gaussian blobs alone would make every within-cluster distance almost equal
 * (the worst case for any approximate index and unlike real CLIP embeddings,
 * whose intrinsic dimension is far below 512); pure low-rank data would be
 * unrealistically easy. The noise keeps it honest.
 */

/** How the synthetic library is shaped; the defaults are what the benchmark uses. */
export interface DatasetSpec {
  dim: number;
  clusters: number;
  /** Dimension of each cluster's own subspace of variation. */
  rank: number;
  /** Share of a row's squared norm (before normalising) in its cluster's subspace. */
  spread: number;
  /** Share in isotropic noise. */
  noise: number;
  seed: number;
}

export const defaultSpec: DatasetSpec = {
  dim: 512,
  clusters: 1000,
  rank: 16,
  spread: 0.35,
  noise: 0.1,
  seed: 20240611,
};

/** splitmix32: a tiny, well-mixed PRNG; `hash` seeds one stream per row. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  };
}

function hash(a: number, b: number): number {
  let h = Math.imul(a ^ 0x27d4eb2d, 0x165667b1) ^ b;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
  return (h ^ (h >>> 15)) >>> 0;
}

function gaussians(next: () => number, out: Float32Array, scale: number): void {
  for (let i = 0; i < out.length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(next() || 1e-12)) * scale;
    const t = 2 * Math.PI * next();
    out[i] = r * Math.cos(t);
    if (i + 1 < out.length) out[i + 1] = r * Math.sin(t);
  }
}

/** Query rows come from the same distribution but a disjoint stretch of row numbers. */
const QUERY_BASE = 0x40000000;

export class SyntheticDataset {
  private readonly centres: Float32Array;
  private readonly bases: Float32Array;
  private readonly coeffs: Float32Array;
  private readonly noise: Float32Array;

  constructor(readonly spec: DatasetSpec = defaultSpec) {
    const { dim, clusters, rank, seed } = spec;
    this.centres = new Float32Array(clusters * dim);
    gaussians(rng(hash(seed, 1)), this.centres, 1 / Math.sqrt(dim));
    this.bases = new Float32Array(clusters * rank * dim);
    gaussians(rng(hash(seed, 2)), this.bases, Math.sqrt(spec.spread / (rank * dim)));
    this.coeffs = new Float32Array(rank);
    this.noise = new Float32Array(dim);
  }

  /** Writes row `i` (unit length) into `out` at `offset`. */
  row(i: number, out: Float32Array, offset = 0): void {
    const { dim, clusters, rank, seed, noise } = this.spec;
    const next = rng(hash(seed ^ 0x5bd1e995, i));
    const c = Math.floor(next() * clusters);
    gaussians(next, this.coeffs, 1);
    gaussians(next, this.noise, Math.sqrt(noise / dim));
    const centre = c * dim;
    let norm = 0;
    for (let d = 0; d < dim; d++) {
      let v = this.centres[centre + d]! + this.noise[d]!;
      for (let r = 0; r < rank; r++) v += this.coeffs[r]! * this.bases[(c * rank + r) * dim + d]!;
      out[offset + d] = v;
      norm += v * v;
    }
    const inv = 1 / Math.sqrt(norm);
    for (let d = 0; d < dim; d++) out[offset + d]! *= inv;
  }

  /** Rows [start, start + count) as one flat matrix. */
  rows(start: number, count: number): Float32Array {
    const out = new Float32Array(count * this.spec.dim);
    for (let j = 0; j < count; j++) this.row(start + j, out, j * this.spec.dim);
    return out;
  }

  /** `count` query vectors: fresh rows of the same distribution, not in the library. */
  queries(count: number): Float32Array {
    return this.rows(QUERY_BASE, count);
  }
}
