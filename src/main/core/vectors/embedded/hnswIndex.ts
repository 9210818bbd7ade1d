/**
 * The approximate index of one model (usearch HNSW, cosine), quantised to save
 * memory: its answers are only candidates, re-ranked exactly from the f32
 * vectors in the entry table. It remembers how far it has followed that table
 * (`lastKey`, `lastRemoved`), which is what its sidecar records and what lets a
 * loaded index catch up instead of being rebuilt.
 */
import fs from 'node:fs';
import { Index, MetricKind, ScalarKind } from 'usearch';
import {
  fileChecksum,
  type FileStamp,
  fileStamp,
  indexFileMatches,
  readSidecar,
  sameStamp,
  type Sidecar,
  type SpaceFiles,
  syncFile,
  tempFile,
  tempFilesOf,
  verifiedIndexFile,
  writeSidecar,
} from './indexFiles';

/**
 * Runs `publish` while no other writer of the same index (in any process) runs its own: the
 * sidecar and the index it describes go into place as a pair, never interleaved with another pair.
 */
export type Exclusive = (publish: () => void) => void;

const alone: Exclusive = (publish) => publish();

/** How the index stores vectors: i8 is a quarter of f32, f16 a half. */
export type Quantization = 'i8' | 'f16';

export interface HnswOptions {
  dim: number;
  quantization: Quantization;
  /** Graph degree (usearch's default, 16). */
  connectivity: number;
  /** Beam width while inserting: build time against graph quality. */
  expansionAdd: number;
  /** Beam width while searching; a search asking for more candidates widens it to that. */
  expansionSearch: number;
}

/**
 * f32 to i8 scaled by each vector's largest component. usearch's own cast
 * scales by the vector's norm instead, which leaves a 512-d unit vector about
 * ±6 of the ±127 levels (and truncates); cosine ignores the scale, so using the
 * whole range costs nothing and keeps the graph, and so the recall, close to f16.
 */
export function toInt8(src: Float32Array, dim: number): Int8Array {
  const out = new Int8Array(src.length);
  for (let o = 0; o < src.length; o += dim) {
    let max = 0;
    for (let d = 0; d < dim; d++) max = Math.max(max, Math.abs(src[o + d]!));
    const scale = max > 0 ? 127 / max : 0;
    for (let d = 0; d < dim; d++) out[o + d] = Math.round(src[o + d]! * scale);
  }
  return out;
}

export class HnswIndex {
  /** The highest entry key added. */
  lastKey = 0;
  /** The last removal (entry table `removed.seq`) applied. */
  lastRemoved = 0;
  /** A mapped index's additions since the file was saved, in memory (created by the first). */
  private added: Index | null = null;
  /** A mapped index's removals from the file, which cannot change. */
  private readonly hidden = new Set<number>();

  private constructor(
    private readonly index: Index,
    private readonly options: HnswOptions,
    /**
     * The index is the saved file mapped into memory rather than read: it opened at once and its
     * pages are read as searches touch them. The file cannot change: what changes since is kept
     * beside it (additions in a small index in memory, removals as keys to leave out), and the
     * index is read whole before it is saved (see `changes`).
     */
    readonly mapped: boolean,
  ) {}

  static create(options: HnswOptions, mapped = false): HnswIndex {
    const index = new Index({
      dimensions: options.dim,
      metric: MetricKind.Cos,
      // i8 vectors arrive already quantised (toInt8); the index stores them as they are.
      quantization: options.quantization === 'i8' ? ScalarKind.I8 : ScalarKind.F16,
      connectivity: options.connectivity,
      expansion_add: options.expansionAdd,
      expansion_search: options.expansionSearch,
      multi: false,
    });
    return new HnswIndex(index, options, mapped);
  }

  /**
   * Opens the saved index if its sidecar vouches for it (same model, table, dimension and
   * quantisation; size and stamp or checksum of the file; its layout), else null. `map`: map the
   * file rather than read it (see `mapped`).
   *
   * Other processes may put a new index in place meanwhile (always a new file renamed over the
   * old, with its sidecar first): a sidecar that changed while its file was checked, or a file
   * replaced while it was opened, is looked at again rather than taken for damage.
   */
  static load(
    files: SpaceFiles,
    expect: { model: string; tableId: string; options: HnswOptions },
    exclusive: Exclusive = alone,
    map = false,
  ): HnswIndex | null {
    const { model, tableId, options } = expect;
    const layout = {
      vectorBytes: options.quantization === 'i8' ? options.dim : 2 * options.dim,
      connectivity: options.connectivity,
    };
    let recovered = false;
    for (let attempt = 0; attempt < 4; attempt++) {
      const sidecar = readSidecar(files.sidecar);
      if (!sidecar) return null;
      const fits =
        sidecar.model === model &&
        sidecar.tableId === tableId &&
        sidecar.dim === options.dim &&
        sidecar.quantization === options.quantization;
      if (!fits) return null;
      const verified = verifiedIndexFile(files.index, sidecar, layout);
      if (!verified) {
        if (JSON.stringify(readSidecar(files.sidecar)) !== JSON.stringify(sidecar)) continue;
        if (recovered) return null;
        recovered = true;
        exclusive(() => recoverTemporary(files));
        continue;
      }
      const hnsw = HnswIndex.create(options, map);
      try {
        if (map) hnsw.index.view(files.index);
        else hnsw.index.load(files.index);
      } catch {
        return null;
      }
      if (!sameStamp(fileStamp(files.index), verified.stamp)) continue;
      if (hnsw.size !== sidecar.count || hnsw.index.dimensions() !== options.dim) return null;
      if (verified.checksummed) recordStamp(files, sidecar, verified.stamp, exclusive);
      hnsw.lastKey = sidecar.lastKey;
      hnsw.lastRemoved = sidecar.lastRemoved;
      return hnsw;
    }
    return null;
  }

  get size(): number {
    return this.index.size() - this.hidden.size + (this.added?.size() ?? 0);
  }

  /** What a mapped index holds beside its file: a save needs the index read whole first. */
  get changes(): number {
    return this.hidden.size + (this.added?.size() ?? 0);
  }

  /** Adds rows of a flat f32 matrix under their keys. */
  add(keys: number[], vectors: Float32Array, threads: number): void {
    if (keys.length === 0) return;
    const data = this.options.quantization === 'i8' ? toInt8(vectors, this.options.dim) : vectors;
    const into = this.mapped ? (this.added ??= HnswIndex.create(this.options).index) : this.index;
    into.add(BigUint64Array.from(keys, BigInt), data, threads);
  }

  remove(keys: number[]): void {
    if (keys.length === 0) return;
    if (!this.mapped) {
      this.index.remove(BigUint64Array.from(keys, BigInt));
      return;
    }
    for (const key of keys) {
      const k = BigInt(key);
      if (this.added?.contains(k)) this.added.remove(k);
      else if (this.index.contains(k)) this.hidden.add(key);
    }
  }

  /**
   * The keys of up to `count` approximate nearest neighbours, nearest first,
   * found with a beam at least `beam` wide (usearch widens its beam to the
   * number of results asked, so a wide beam is asked as that many results).
   */
  search(query: Float32Array, count: number, beam = count): number[] {
    if (this.size === 0 || count <= 0) return [];
    const q = this.options.quantization === 'i8' ? toInt8(query, this.options.dim) : query;
    const ask = Math.max(count, beam);
    if (this.changes === 0) return Array.from(this.index.search(q, ask, 1).keys.subarray(0, count), Number);
    // The file's answers without what was removed from it, merged by distance with the additions'.
    // The file is asked wider by as many as were removed (up to double), and wider still while
    // removals leave fewer than asked and it has more to give.
    let found: Array<{ key: number; distance: number }> = [];
    for (let wide = ask + Math.min(this.hidden.size, ask); ; wide *= 2) {
      const base = this.index.search(q, wide, 1);
      found = [];
      base.keys.forEach((key, i) => {
        if (!this.hidden.has(Number(key))) found.push({ key: Number(key), distance: base.distances[i]! });
      });
      if (found.length >= ask || base.keys.length < wide) break;
    }
    if (this.added && this.added.size() > 0) {
      const more = this.added.search(q, ask, 1);
      more.keys.forEach((key, i) => found.push({ key: Number(key), distance: more.distances[i]! }));
    }
    return found
      .sort((a, b) => a.distance - b.distance)
      .slice(0, count)
      .map((f) => f.key);
  }

  /**
   * Saves the index and its sidecar. The index is written to a temporary of
   * this writer's own; then, with other writers held off, the sidecar is
   * written and the index renamed into place, so a crash in between leaves a
   * temporary that `load` recognises rather than a mismatch that forces a rebuild.
   */
  save(files: SpaceFiles, about: { model: string; tableId: string }, exclusive: Exclusive = alone): void {
    if (this.changes > 0) throw new Error('A mapped index with changes beside its file is read whole before a save');
    const tmp = tempFile(files.index);
    try {
      this.index.save(tmp);
      syncFile(tmp);
      const sidecar = {
        version: 1 as const,
        model: about.model,
        dim: this.options.dim,
        quantization: this.options.quantization,
        tableId: about.tableId,
        count: this.size,
        lastKey: this.lastKey,
        lastRemoved: this.lastRemoved,
        bytes: fs.statSync(tmp).size,
        crc32: fileChecksum(tmp),
        stamp: fileStamp(tmp) ?? undefined,
      };
      exclusive(() => {
        writeSidecar(files.sidecar, sidecar);
        fs.renameSync(tmp, files.index);
      });
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }
}

/** A crash between writing the sidecar and renaming the new index into place leaves it as a temporary. */
function recoverTemporary(files: SpaceFiles): void {
  const current = readSidecar(files.sidecar);
  if (!current || indexFileMatches(files.index, current)) return;
  const left = tempFilesOf(files.index).find((tmp) => indexFileMatches(tmp, current));
  if (left) fs.renameSync(left, files.index);
}

/**
 * Records the stamp of an index file that had to be read whole to check it (a copied data folder;
 * a sidecar from an older version), so the next open trusts it by its stamp.
 */
function recordStamp(files: SpaceFiles, checked: Sidecar, stamp: FileStamp, exclusive: Exclusive): void {
  try {
    exclusive(() => {
      const current = readSidecar(files.sidecar);
      const same = current?.crc32 === checked.crc32 && current.bytes === checked.bytes;
      if (same && sameStamp(fileStamp(files.index), stamp)) writeSidecar(files.sidecar, { ...current, stamp });
    });
  } catch {
    // A data folder this process cannot write: the file is checksummed again next time.
  }
}
