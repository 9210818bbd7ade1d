/**
 * One ranking from several: the vector search's and the text index's.
 * Reciprocal rank fusion (Cormack et al., 2009) adds 1 / (k + rank) over the
 * lists a result is in; it needs no score to be comparable with another, which
 * cosine similarity and BM25 are not, and no weight tuned to one library. A
 * calibrated sum (each list's scores scaled to [0, 1], then added) is kept
 * beside it for the measurement in tests/text/fusionQuality.test.ts: on that
 * small labelled set both put the image with the colour and the word first
 * every time, and the calibrated sum ordered the rest slightly better (nDCG@5
 * 1.00 against 0.96), because RRF lifts an image found low in both lists above
 * one found first in only one.
 */

/** The usual constant: it damps the difference between the first few ranks. */
export const RRF_K = 60;
/**
 * How many results of each list take part. 50, not 100: the embedded store re-ranks 3 × k candidates
 * exactly, and at 30k images its top 100 took 10.3 ms (p50) against 1.6 ms for its top 50, while a
 * result below rank 50 adds less than 1/110 to a fused score (bench:search, hybrid case).
 */
export const FUSION_DEPTH = 50;

export interface Scored<K> {
  key: K;
  score: number;
}

const byScore = <K>(a: Scored<K>, b: Scored<K>) => b.score - a.score;

/** Each list best first; the fused list best first, ties kept in the order first seen. */
export function reciprocalRankFusion<K>(lists: ReadonlyArray<readonly K[]>, k = RRF_K): Array<Scored<K>> {
  const fused = new Map<K, number>();
  for (const list of lists) {
    list.forEach((key, rank) => fused.set(key, (fused.get(key) ?? 0) + 1 / (k + rank + 1)));
  }
  return [...fused].map(([key, score]) => ({ key, score })).sort(byScore);
}

/** Each list's scores scaled to [0, 1] by its own best and worst, then summed with these weights. */
export function calibratedFusion<K>(
  lists: ReadonlyArray<ReadonlyArray<Scored<K>>>,
  weights: readonly number[],
): Array<Scored<K>> {
  const fused = new Map<K, number>();
  lists.forEach((list, i) => {
    if (!list.length) return;
    const scores = list.map((s) => s.score);
    const hi = Math.max(...scores);
    const lo = Math.min(...scores);
    for (const { key, score } of list) {
      const scaled = hi > lo ? (score - lo) / (hi - lo) : 1;
      fused.set(key, (fused.get(key) ?? 0) + (weights[i] ?? 1) * scaled);
    }
  });
  return [...fused].map(([key, score]) => ({ key, score })).sort(byScore);
}
