/**
 * One model's space in the embedded store: its entry table (durable), the
 * HNSW index that follows it, and an exact in-memory cache for small
 * libraries. Decides how each search runs:
 *
 * - up to `exactThreshold` entries: exact, from the cache (filled on first use);
 * - above: the index with an exact re-rank (approximateSearch.ts); while a
 *   freshly built index is still catching up, the cache answers if it exists;
 * - no usable index (it failed): exact over the table, slow but right.
 *
 * Other processes may write the same table (the app, `atelier serve`, CLI
 * commands share the data folder). Before each search and write the space asks
 * the table whether anyone else committed (one pragma); if so, the cache
 * applies their removals and additions by key and the index follows them.
 */
import type { ModelSpace, StoredKey, VectorEntry, VectorFilter, VectorHit } from '../vectorStore';
import { type ApproximateOptions, approximateSearch, exactTop } from './approximateSearch';
import { EntryReader } from './entryReader';
import { EntryTable } from './entryTable';
import { ExactIndex } from './exactIndex';
import type { SpaceFiles } from './indexFiles';
import { type FollowerOptions, IndexFollower } from './indexFollower';

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
  /** The table's id when this space last looked: another process's reset gives it a new one. */
  private tableId: string;

  private constructor(
    private readonly table: EntryTable,
    files: SpaceFiles | null,
    readonly model: ModelSpace,
    private readonly options: SpaceOptions,
  ) {
    this.reader = new EntryReader(table);
    this.tableId = table.id;
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
    this.catchUp();
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
    const { keys } = this.table.write(upserts, deletes);
    if (this.exact) {
      this.exact.delete(deletes);
      this.exact.upsert(upserts.map((e) => ({ ...e, key: keys.get(e.path)! })));
    }
    this.catchUp(true);
  }

  search(query: Float32Array, k: number, filter?: VectorFilter): VectorHit[] {
    this.catchUp();
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

  /** What a first search would do before answering, done ahead of it: a small space's cache is filled. */
  prepare(): void {
    this.catchUp();
    if (this.table.count > 0 && !this.large) this.cache();
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
      indexMapped: f.hnsw?.mapped ?? false,
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

  /**
   * Brings the cache and the index up to what the table holds when another process committed to
   * it; `wrote`: this process just wrote, and the cache already has that write.
   */
  private catchUp(wrote = false): void {
    const elsewhere = this.table.changedElsewhere();
    if (elsewhere && this.table.id !== this.tableId) {
      // Another process emptied the table: nothing cached or indexed here reflects it any more.
      this.tableId = this.table.id;
      this.exact = null;
      void this.follower.reset().then(() => this.follower.follow());
      return;
    }
    const exact = this.exact;
    if (exact && elsewhere) this.applyElsewhere(exact);
    else if (exact && wrote) {
      exact.lastKey = this.table.lastKey;
      exact.lastRemoved = this.table.lastRemoved;
    }
    if ((elsewhere || wrote) && (this.follower.hnsw || this.large)) void this.follower.follow();
  }

  /** Applies to the cache what the table gained and lost since it last looked. */
  private applyElsewhere(exact: ExactIndex): void {
    // Removals the cache had yet to apply were purged (a saved index no longer needs them): read it again.
    if (this.table.purgedRemovals > exact.lastRemoved) {
      this.exact = null;
      return;
    }
    for (;;) {
      const removed = this.table.removedAfter(exact.lastRemoved, 1000);
      if (removed.length === 0) break;
      exact.deleteKeys(removed.map((r) => r.key));
      exact.lastRemoved = removed[removed.length - 1]!.seq;
    }
    for (const e of this.reader.after(exact.lastKey)) {
      exact.upsert([e]);
      exact.lastKey = Math.max(exact.lastKey, e.key);
    }
  }

  private cache(): ExactIndex {
    if (!this.exact) {
      const exact = new ExactIndex(this.model.dim);
      // Taken before the entries are read: a removal made meanwhile is applied again, harmlessly.
      exact.lastRemoved = this.table.lastRemoved;
      for (const e of this.reader.matching(undefined)) {
        exact.upsert([e]);
        exact.lastKey = Math.max(exact.lastKey, e.key);
      }
      this.exact = exact;
    }
    return this.exact;
  }
}
