/**
 * Exact scoring shared by every search path, so the exact index, the re-rank
 * of approximate candidates and the filtered fallback rank alike: cosine as
 * the f32 dot product of unit vectors, ties broken by path.
 */
import type { VectorHit } from '../vectorStore';

/** Dot product of `query` with the row of `data` starting at `offset` (four sums: fewer dependent adds). */
export function dot(query: Float32Array, data: Float32Array, offset = 0): number {
  const n = query.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += query[i]! * data[offset + i]!;
    s1 += query[i + 1]! * data[offset + i + 1]!;
    s2 += query[i + 2]! * data[offset + i + 2]!;
    s3 += query[i + 3]! * data[offset + i + 3]!;
  }
  for (; i < n; i++) s0 += query[i]! * data[offset + i]!;
  return s0 + s1 + s2 + s3;
}

/** Cosine similarity of two vectors of any length (not necessarily unit vectors). */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return ab / Math.sqrt(aa * bb);
}

type Described = Omit<VectorHit, 'score'>;

/** The best k hits offered so far, best first; k is small, so a sorted array beats a heap. */
export class TopHits {
  private readonly best: VectorHit[] = [];

  constructor(private readonly k: number) {}

  offer(entry: Described, score: number): void {
    if (this.k <= 0) return;
    const best = this.best;
    if (best.length === this.k && !TopHits.before(score, entry.path, best[best.length - 1]!)) return;
    let i = best.length;
    while (i > 0 && TopHits.before(score, entry.path, best[i - 1]!)) i--;
    best.splice(i, 0, { path: entry.path, score, width: entry.width, height: entry.height, format: entry.format });
    if (best.length > this.k) best.pop();
  }

  hits(): VectorHit[] {
    return [...this.best];
  }

  private static before(score: number, path: string, hit: VectorHit): boolean {
    return score > hit.score || (score === hit.score && path < hit.path);
  }
}
