/**
 * Keeps one model's HNSW index following its entry table: loads the saved
 * index when its sidecar vouches for it, applies what the table gained and
 * lost since (a crash, a close without a save), builds it from the table when
 * it is missing, stale or corrupt, and saves it now and then.
 *
 * The work runs in slices with the event loop free between them: usearch
 * inserts synchronously on the calling thread (about a millisecond a vector on
 * a 2-core laptop), and this runs in Electron's main process.
 */
import { asFloat32 } from './entryReader';
import type { EntryTable } from './entryTable';
import { HnswIndex, type HnswOptions } from './hnswIndex';
import { removeIndexFiles, type SpaceFiles } from './indexFiles';

export interface FollowerOptions {
  hnsw: HnswOptions;
  /** Vectors inserted per slice. */
  slice: number;
  /** Threads usearch inserts with. */
  threads: number;
  /**
   * Fewer unsaved changes than this wait for the close: a crash costs replaying them from the
   * table, which is quicker than rewriting a large index file for a few.
   */
  saveEvery: number;
  /** While the index is being built or caught up, save at most this often (bounds the work a crash loses). */
  saveIntervalMs: number;
  /** Once it is idle, save this long after the last change (so a burst of writes is saved once). */
  idleSaveMs: number;
  /**
   * Map the saved index on open instead of reading it (see EmbeddedStoreOptions.mapIndex): it is
   * read whole once `saveEvery` changes are kept beside it, or for a flush.
   */
  mapIndex: boolean;
  /** Awaited between slices, after the turn of the event loop (see EmbeddedStoreOptions). */
  betweenSlices?: () => Promise<void> | void;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Removals kept in the table after a save although the saved index reflects them: another process's
 * index that has not applied them yet can still catch up instead of being built again.
 */
const KEPT_REMOVALS = 10_000;

export class IndexFollower {
  hnsw: HnswIndex | null = null;
  /** Where the index in memory came from. */
  source: 'none' | 'loaded' | 'built' = 'none';
  /** Builds from scratch in this process (a loaded index that needed none leaves it at 0). */
  builds = 0;
  /** Changes applied in this process (catch-up on top of a loaded index included). */
  applied = 0;
  /** Why the index was dropped, if it failed; searches are then exact. */
  failure: string | null = null;
  /** Why the last save failed, if it did: the index stays in memory and the next save tries again. */
  saveError: string | null = null;
  private running: Promise<void> | null = null;
  private unsaved = 0;
  private lastSave = Date.now();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly table: EntryTable,
    private readonly files: SpaceFiles | null,
    private readonly model: string,
    private readonly options: FollowerOptions,
  ) {
    if (!files) return;
    this.hnsw = HnswIndex.load(files, this.expected(), table.exclusive, options.mapIndex);
    if (this.hnsw) this.source = 'loaded';
    else removeIndexFiles(files); // absent, stale or damaged: rebuilt from the table when needed
  }

  /** Entry keys the index has yet to add (an upper bound). */
  get lag(): number {
    return this.hnsw ? this.table.lastKey - this.hnsw.lastKey : this.table.lastKey;
  }

  /** Brings the index up to the table in the background, creating it first if needed. */
  follow(): Promise<void> {
    if (!this.hnsw) this.startBuild();
    this.running ??= this.run().finally(() => (this.running = null));
    return this.running;
  }

  /** Resolves once the index has caught up with every write made so far. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Saves the index now if anything is unsaved. */
  save(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.files || !this.hnsw || this.unsaved === 0) return;
    // Fewer changes than `saveEvery` beside a mapped file (more read it whole, see `step`): the
    // table replays them on the next open, as it would after a crash.
    if (this.hnsw.mapped) return;
    this.hnsw.save(this.files, { model: this.model, tableId: this.table.id }, this.table.exclusive);
    // Removals the saved index reflects are no longer needed to catch it up (but, for a while, by
    // another process's index).
    this.table.purgeRemoved(this.hnsw.lastRemoved - KEPT_REMOVALS);
    this.unsaved = 0;
    this.lastSave = Date.now();
  }

  /** Saves the index once it has caught up, reading a mapped one whole first if it changed. */
  async flush(): Promise<void> {
    await this.idle();
    if (this.hnsw?.mapped && this.hnsw.changes > 0) {
      this.loadWhole();
      await this.follow();
    }
    this.save();
  }

  /** Drops the index and its files (the table was emptied). */
  async reset(): Promise<void> {
    this.stopped = true;
    await this.idle();
    this.stopped = false;
    if (this.timer) clearTimeout(this.timer);
    this.hnsw = null;
    this.source = 'none';
    this.unsaved = 0;
    if (this.files) removeIndexFiles(this.files);
  }

  /** Stops following (at the end of a slice) and saves what was applied: the next start resumes from there. */
  async close(): Promise<void> {
    this.stopped = true;
    await this.idle();
    this.saveQuietly();
  }

  private expected() {
    return { model: this.model, tableId: this.table.id, options: this.options.hnsw };
  }

  /**
   * Replaces a mapped index with the saved index read whole, to be changed in place and saved.
   * That may be a newer save than the one mapped (another process renamed its own over it since):
   * it says how far it reflects the table, and catching up goes on from there. None usable: built
   * again.
   */
  private loadWhole(): void {
    const loaded = this.files && HnswIndex.load(this.files, this.expected(), this.table.exclusive);
    if (loaded) this.hnsw = loaded;
    else this.startBuild();
    // What was applied beside the mapped file is applied again, to this index, and counted then.
    this.unsaved = 0;
  }

  private startBuild(): void {
    this.hnsw = HnswIndex.create(this.options.hnsw);
    // A new index starts from the live rows; earlier removals concern none of them.
    this.hnsw.lastRemoved = this.table.lastRemoved;
    this.source = 'built';
    this.builds++;
  }

  private async run(): Promise<void> {
    try {
      // A mapped index catches up after the open has returned, so the open stays as quick as the mapping.
      if (this.hnsw?.mapped) await nextTurn();
      while (!this.stopped && this.step()) {
        const { saveEvery, saveIntervalMs } = this.options;
        if (this.unsaved >= saveEvery && Date.now() - this.lastSave >= saveIntervalMs) this.saveQuietly();
        await nextTurn();
        await this.options.betweenSlices?.();
      }
      if (this.stopped || !this.hnsw) return;
      if (this.hnsw.size !== this.table.count) {
        // Caught up yet not the same rows: the saved index was not what its sidecar said. Start over
        // (once: a build from the table itself that disagrees with it is a bug, not a bad file).
        if (this.source !== 'loaded') throw new Error(`Index holds ${this.hnsw.size} of ${this.table.count} entries`);
        this.startBuild();
        return await this.run();
      }
      this.failure = null;
      this.scheduleSave();
    } catch (err) {
      this.failure = (err as Error).message;
      this.hnsw = null;
      this.source = 'none';
    }
  }

  /** Applies one slice of removals, else of additions; false when there is nothing left. */
  private step(): boolean {
    const { slice, threads, hnsw: options } = this.options;
    // Another process's save purged removals this index has not applied: it cannot catch up.
    if (this.table.purgedRemovals > this.hnsw!.lastRemoved) this.startBuild();
    // A mapped index keeps what changed beside its file until there is enough to be worth a save.
    if (this.hnsw!.mapped && this.hnsw!.changes >= this.options.saveEvery) {
      this.loadWhole();
      return true;
    }
    const hnsw = this.hnsw!;
    const removed = this.table.removedAfter(hnsw.lastRemoved, slice);
    if (removed.length) {
      hnsw.remove(removed.map((r) => r.key));
      hnsw.lastRemoved = removed[removed.length - 1]!.seq;
      this.count(removed.length);
      return true;
    }
    const rows = this.table.vectorsAfter(hnsw.lastKey, slice);
    if (rows.length === 0) {
      // Keys above this were removed before the index saw them: nothing left to wait for.
      hnsw.lastKey = Math.max(hnsw.lastKey, this.table.lastKey);
      return false;
    }
    const flat = new Float32Array(rows.length * options.dim);
    rows.forEach((r, i) => flat.set(asFloat32(r.vector), i * options.dim));
    hnsw.add(
      rows.map((r) => r.key),
      flat,
      threads,
    );
    hnsw.lastKey = rows[rows.length - 1]!.key;
    this.count(rows.length);
    return true;
  }

  /** A failed save (a full disk) is no reason to drop a good index; the next save tries again. */
  private saveQuietly(): void {
    try {
      this.save();
      this.saveError = null;
    } catch (err) {
      this.saveError = (err as Error).message;
    }
  }

  private count(changes: number): void {
    this.applied += changes;
    this.unsaved += changes;
  }

  private scheduleSave(): void {
    if (!this.files || this.unsaved < this.options.saveEvery) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (!this.running) this.saveQuietly();
    }, this.options.idleSaveMs);
    this.timer.unref();
  }
}
