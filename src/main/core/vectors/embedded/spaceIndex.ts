/**
 * One model's space in the embedded store: its entry table (durable), the
 * HNSW index that follows it, and an exact in-memory cache for small
 * libraries. Decides how each search runs:
 *
 * - up to `exactThreshold` entries: exact, from the cache (filled on first use);
 * - above: the index with an exact re-rank (approximateSearch.ts); while a
 *   freshly built index is still catching up, the cache answers if it exists;
 * - no usable index (it failed): exact over the table, slow but right.
 */
import type { ModelSpace, StoredKey, VectorEntry, VectorFilter, VectorHit } from '../vectorStore';
import { approximateSearch, exactTop, type ApproximateOptions } from './approximateSearch';
import { EntryReader } from './entryReader';
import { EntryTable } from './entryTable';
import { ExactIndex } from './exactIndex';
import { IndexFollower, type FollowerOptions } from './indexFollower';
import type { SpaceFiles } from './indexFiles';

export interface SpaceOptions {
  /** Up to this many entries, searches are exact and no index is built. */
  exactThreshold: number;
  follower: Omit<FollowerOptions, 'hnsw'> & { hnsw: Omit<FollowerOptions['hnsw'], 'dim'> };
  search: ApproximateOptions;
}

export class SpaceIndex {
  private readonly reader: EntryReader;
  readonly follower: IndexFollower;
  private exact: ExactIndex | null = null;

  private constructor(
    private readonly table: EntryTable,
    files: SpaceFiles | null,
    readonly model: ModelSpace,
    private readonly options: SpaceOptions,
  ) {
    this.reader = new EntryReader(table);
    const hnsw = { ...options.follower.hnsw, dim: model.dim };
    this.follower = new IndexFollower(table, files, model.id, { ...options.follower, hnsw });
    // A loaded index catches up with what it missed; a large table without one gets it built.
    if (this.follower.hnsw || this.large) void this.follower.follow();
  }

  /** Opens the space's files, or keeps everything in memory when `files` is null. */
  static open(files: SpaceFiles | null, model: ModelSpace, options: SpaceOptions): SpaceIndex {
    return new SpaceIndex(EntryTable.open(files?.db ?? null, model.dim), files, model, options);
  }

  get count(): number {
    return this.table.count;
  }

  get needsFullSync(): boolean {
    return this.table.needsFullSync;
  }

  private get large(): boolean {
    return this.table.count > this.options.exactThreshold;
  }

  /** Durable when it returns; the index follows in the background (see `indexed`). */
  write(upserts: VectorEntry[], deletes: string[]): void {
    this.table.write(upserts, deletes);
    if (this.exact) {
      this.exact.delete(deletes);
      this.exact.upsert(upserts);
    }
    if (this.follower.hnsw || this.large) void this.follower.follow();
  }

  search(query: Float32Array, k: number, filter?: VectorFilter): VectorHit[] {
    if (k <= 0 || this.table.count === 0) return [];
    if (!this.large) return this.cache().search(query, k, filter);
    const hnsw = this.follower.hnsw;
    if (hnsw && (this.follower.lag === 0 || !this.exact)) {
      this.exact = null; // the index has caught up: the cache's memory is better given back
      return approximateSearch(hnsw, this.reader, query, k, filter, this.options.search);
    }
    if (this.exact) return this.exact.search(query, k, filter);
    return exactTop(this.reader.matching(filter), query, k);
  }

  /** Paths and content keys, a page at a time (`atelier store verify`). */
  keys(pageSize = 1000): IterableIterator<StoredKey[]> {
    return this.table.keys(pageSize);
  }

  /** Resolves once the index reflects every write so far. */
  indexed(): Promise<void> {
    return this.follower.idle();
  }

  async reset(): Promise<void> {
    await this.follower.reset();
    this.table.clear();
    this.exact = null;
  }

  stats(): Record<string, unknown> {
    const f = this.follower;
    return {
      index: !this.large ? 'exact' : f.hnsw ? 'hnsw' : 'exact-scan',
      exactThreshold: this.options.exactThreshold,
      indexed: f.hnsw?.size ?? 0,
      indexLag: f.hnsw ? f.lag : null,
      indexSource: f.source,
      indexBuilds: f.builds,
      indexApplied: f.applied,
      indexFailure: f.failure,
      indexSaveError: f.saveError,
      quantization: this.options.follower.hnsw.quantization,
    };
  }

  async close(): Promise<void> {
    await this.follower.close();
    this.table.close();
  }

  private cache(): ExactIndex {
    if (!this.exact) {
      this.exact = new ExactIndex(this.model.dim);
      this.exact.upsert(this.reader.matching(undefined));
    }
    return this.exact;
  }
}
