/**
 * The pairs, among a matrix of unit vectors, that join some asked rows to their near
 * neighbours at or above a similarity. Candidates are proposed by one of two searches and
 * scored exactly from the f32 rows, so a search only decides which pairs are looked at:
 *
 * - a few rows asked (new images): an exact scan of every row for each (usearch's SIMD
 *   brute force), which costs asked x all and builds nothing;
 * - many (a library's first look): the rows are split into cells around about sqrt(3n)
 *   of them, each row goes to the cell of its nearest centre, and each asked row is
 *   compared, exactly, with the rows of its 3 nearest cells. Near-duplicates are so close
 *   that they share a cell or a neighbouring one, so this finds what a full scan finds at
 *   about n·sqrt(n) comparisons instead of n². An HNSW graph (usearch) found fewer pairs
 *   at 100k vectors (96%, against 99.6% here) in four times as long (bench/duplicates.ts).
 *
 * Comparisons run on i8 copies of the rows (scaled per row, as the embedded index stores
 * them): a quarter of the memory traffic of f32. Native calls hold the thread they run on,
 * so the work goes in slices with a turn of the event loop between them, the app stays
 * responsive, and progress can be shown.
 */
import { exactSearch, MetricKind } from 'usearch';
import { toInt8 } from '../vectors/embedded/hnswIndex';

export interface SimilarPair {
  /** Row numbers, a < b. */
  a: number;
  b: number;
  similarity: number;
}

/** How far the search has come, in steps of no fixed size. */
export type NeighbourProgress = (done: number, total: number) => void;

/** Neighbours proposed per row: a larger group is still found whole, through its links. */
const NEIGHBOURS = 8;
/** Cells each asked row is compared in: its own and the next nearest. */
const PROBES = 3;
/** Rows per native call between two turns of the event loop. */
const SLICE = 2048;
/** Up to this many asked rows, or asked x all row pairs, a plain exact scan is cheaper than cells. */
const EXACT_ASKED = 500;
const EXACT_PAIRS = 20_000_000;

interface Found {
  keys: BigUint64Array;
  /** Absent when one row was asked: usearch then answers with plain matches. */
  counts?: BigUint64Array;
}

/** The pairs at or above `floor` between the `asked` rows and every row of `vectors`, each once. */
export async function neighbourPairs(
  vectors: Float32Array,
  dim: number,
  asked: readonly number[],
  floor: number,
  onProgress: NeighbourProgress = () => undefined,
): Promise<SimilarPair[]> {
  const n = dim > 0 ? vectors.length / dim : 0;
  if (n < 2 || asked.length === 0) return [];
  const pairs: SimilarPair[] = [];
  const seen = new Set<number>();
  const consider = (a: number, b: number) => {
    if (a === b) return;
    const [lo, hi] = a < b ? [a, b] : [b, a];
    // Both ends may be asked and find each other.
    if (seen.has(lo * n + hi)) return;
    const similarity = dot(vectors, a, b, dim);
    if (similarity < floor) return;
    seen.add(lo * n + hi);
    pairs.push({ a: lo, b: hi, similarity });
  };
  if (asked.length <= EXACT_ASKED || asked.length * n <= EXACT_PAIRS) {
    await scanAll(vectors, dim, asked, consider, onProgress);
  } else {
    await scanCells(vectors, dim, asked, consider, onProgress);
  }
  return pairs;
}

type Consider = (a: number, b: number) => void;

async function scanAll(
  vectors: Float32Array,
  dim: number,
  asked: readonly number[],
  consider: Consider,
  onProgress: NeighbourProgress,
): Promise<void> {
  const k = Math.min(NEIGHBOURS + 1, vectors.length / dim);
  for (let start = 0; start < asked.length; start += SLICE) {
    const rows = asked.slice(start, start + SLICE);
    const found = exactSearch(vectors, gather(vectors, dim, rows), dim, k, MetricKind.Cos, 0) as Found;
    each(found, k, rows, (a, b) => consider(a, b));
    onProgress(start + rows.length, asked.length);
    await turn();
  }
}

async function scanCells(
  vectors: Float32Array,
  dim: number,
  asked: readonly number[],
  consider: Consider,
  onProgress: NeighbourProgress,
): Promise<void> {
  const n = vectors.length / dim;
  const small = toInt8(vectors, dim);
  // Centres evenly spread over the rows: no training, and the same cells on every run.
  const cells = Math.max(1, Math.min(n, Math.round(Math.sqrt(PROBES * n))));
  const centres = gather(
    small,
    dim,
    Array.from({ length: cells }, (_, c) => Math.floor(((c + 0.5) * n) / cells)),
  );
  const probes = Math.min(PROBES, cells);
  const isAsked = new Uint8Array(n);
  for (const row of asked) isAsked[row] = 1;
  const members: number[][] = Array.from({ length: cells }, () => []);
  const queries: number[][] = Array.from({ length: cells }, () => []);
  const total = n + cells;
  for (let start = 0; start < n; start += SLICE) {
    const end = Math.min(n, start + SLICE);
    // A copy: usearch reads a view's whole buffer, not the view.
    const rows = small.slice(start * dim, end * dim);
    const found = exactSearch(centres, rows, dim, probes, MetricKind.Cos, 0) as Found;
    for (let r = 0; r < end - start; r++) {
      const row = start + r;
      members[Number(found.keys[r * probes])]!.push(row);
      if (!isAsked[row]) continue;
      const count = found.counts ? Number(found.counts[r]) : found.keys.length;
      for (let p = 0; p < count; p++) queries[Number(found.keys[r * probes + p])]!.push(row);
    }
    onProgress(end, total);
    await turn();
  }
  for (let c = 0; c < cells; c++) {
    const inCell = members[c]!;
    const asking = queries[c]!;
    if (inCell.length > 0 && asking.length > 0) {
      const k = Math.min(NEIGHBOURS + 1, inCell.length);
      const found = exactSearch(gather(small, dim, inCell), gather(small, dim, asking), dim, k, MetricKind.Cos, 0);
      each(found, k, asking, (a, b) => consider(a, inCell[b]!));
    }
    onProgress(n + c + 1, total);
    if (c % 16 === 15) await turn();
  }
}

/** Calls `visit(query row, found key)` for every result of a batch search. */
function each(found: Found, k: number, rows: readonly number[], visit: (a: number, b: number) => void): void {
  rows.forEach((a, r) => {
    const count = found.counts ? Number(found.counts[r]) : found.keys.length;
    for (let j = 0; j < count; j++) visit(a, Number(found.keys[r * k + j]));
  });
}

/** The rows as one matrix of their own. */
function gather<T extends Float32Array | Int8Array>(matrix: T, dim: number, rows: readonly number[]): T {
  const out = (
    matrix instanceof Int8Array ? new Int8Array(rows.length * dim) : new Float32Array(rows.length * dim)
  ) as T;
  rows.forEach((row, i) => out.set(matrix.subarray(row * dim, (row + 1) * dim), i * dim));
  return out;
}

function dot(v: Float32Array, a: number, b: number, dim: number): number {
  let s = 0;
  const oa = a * dim;
  const ob = b * dim;
  for (let d = 0; d < dim; d++) s += v[oa + d]! * v[ob + d]!;
  return s;
}

function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
