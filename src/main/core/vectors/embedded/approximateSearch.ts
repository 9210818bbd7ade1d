/**
 * Search through the HNSW index with an exact re-rank: the index proposes
 * candidates, their f32 vectors come back from the entry table and decide the
 * order. Entries the index has not caught up with yet (the tail) are scored
 * exactly beside them, and removed ones simply fail to come back, so a lagging
 * index costs time, never correctness.
 *
 * Filters: the index knows nothing of folders or formats. A filtered search
 * asks for more candidates until enough pass; a filter that selects so few
 * entries that scanning them is cheaper than widening the ask (or that leaves
 * fewer than k after the widest ask) is answered by searching that subset
 * exactly. A filter can make a search slower, never wrong.
 */
import type { VectorFilter, VectorHit } from '../vectorStore';
import { type EntryReader, filterPredicate, isFiltering, type StoredEntry } from './entryReader';
import type { HnswIndex } from './hnswIndex';
import { dot, TopHits } from './scoring';

export interface ApproximateOptions {
  /** Candidates asked of the index for k results (the re-rank pool), e.g. max(3k, 32). */
  candidates: (k: number) => number;
  /** How wide the index searches for them, by its size: a larger graph needs a wider beam. */
  beam: (size: number) => number;
  /** The widest ask a filtered search makes before it searches the subset exactly. */
  maxCandidates: number;
}

/** Exact top k of a stream of entries. */
export function exactTop(entries: Iterable<StoredEntry>, query: Float32Array, k: number): VectorHit[] {
  const top = new TopHits(k);
  for (const e of entries) top.offer(e, dot(query, e.vector));
  return top.hits();
}

/**
 * Candidate keys that pass the filter, or null when the filtered subset
 * should be searched exactly instead.
 */
function filteredCandidates(
  hnsw: HnswIndex,
  reader: EntryReader,
  query: Float32Array,
  k: number,
  filter: VectorFilter,
  options: ApproximateOptions,
): number[] | null {
  const accept = filterPredicate(filter);
  // As many survivors as an unfiltered search re-ranks, so a filter does not cost recall.
  const target = options.candidates(k);
  const ceiling = Math.max(target, Math.min(options.maxCandidates, hnsw.size));
  let wanted = target;
  let counted = false;
  for (;;) {
    const keys = hnsw.search(query, wanted, options.beam(hnsw.size));
    const survivors = reader.metas(keys).filter(accept);
    const exhausted = keys.length < wanted;
    if (survivors.length >= target || exhausted) return survivors.map((m) => m.key);
    if (wanted >= ceiling) return survivors.length >= k ? survivors.map((m) => m.key) : null;
    if (!counted) {
      // Scanning m entries costs about what re-ranking m candidates does, and the ask that would
      // find `target` of them is about target * n / m: below m = sqrt(target * n), scanning wins.
      counted = true;
      const bound = Math.ceil(Math.sqrt(1.5 * target * hnsw.size));
      if (reader.countMatching(filter, bound + 1) <= bound) return null;
    }
    const passRate = Math.max(survivors.length, 1) / keys.length;
    wanted = Math.min(ceiling, Math.max(wanted * 2, Math.ceil((target / passRate) * 1.5)));
  }
}

export function approximateSearch(
  hnsw: HnswIndex,
  reader: EntryReader,
  query: Float32Array,
  k: number,
  filter: VectorFilter | undefined,
  options: ApproximateOptions,
): VectorHit[] {
  if (k <= 0) return [];
  let candidates: Array<{ key: number; vector: Float32Array }>;
  if (isFiltering(filter)) {
    const passing = filteredCandidates(hnsw, reader, query, k, filter!, options);
    if (!passing) return exactTop(reader.matching(filter), query, k);
    candidates = reader.vectors(passing);
  } else {
    const ceiling = Math.min(options.maxCandidates, hnsw.size);
    for (let wanted = options.candidates(k); ; wanted *= 4) {
      const keys = hnsw.search(query, wanted, options.beam(hnsw.size));
      candidates = reader.vectors(keys);
      // Fewer than k come back only while removals are still reaching the index: ask wider.
      if (candidates.length >= k || keys.length < wanted) break;
      if (wanted >= ceiling) return exactTop(reader.matching(undefined), query, k);
    }
  }
  // Score every candidate from its f32 vector, then read paths for the best only (plus any tied
  // with the k-th, so ties are broken by path as in every other search).
  const scored = candidates.map((v) => ({ key: v.key, score: dot(query, v.vector) })).sort((a, b) => b.score - a.score);
  const cut = scored.length > k ? scored[k - 1]!.score : -Infinity;
  const best = scored.filter((s, i) => i < k || s.score >= cut);
  const scores = new Map(best.map((s) => [s.key, s.score]));
  const top = new TopHits(k);
  for (const m of reader.metas([...scores.keys()])) top.offer(m, scores.get(m.key)!);
  const accept = filterPredicate(filter);
  for (const e of reader.after(hnsw.lastKey)) if (accept(e)) top.offer(e, dot(query, e.vector));
  return top.hits();
}
