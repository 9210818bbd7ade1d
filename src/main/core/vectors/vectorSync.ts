/**
 * Brings a vector store up to date with the catalog by replaying the change
 * log from the store's cursor. The cursor moves only after the store accepted
 * the writes, so a store that is down (Milvus) or a crash loses nothing: the
 * changes wait in the catalog and go out on the next sync.
 *
 * Several processes may sync the same store (the app, `atelier serve`, CLI
 * searches): a claim in the catalog lets one at a time replay the log, and the
 * others find the cursor moved on when their turn comes. After a sync the log
 * loses what every store has applied (`ChangeLog.prune`).
 */
import path from 'node:path';
import { type ChangeLog, DEFAULT_RETENTION, type Retention } from '../catalog/changeLog';
import { SyncClaims } from '../catalog/syncClaims';
import { type ModelSpace, StoreError, type VectorFilter, type VectorHit, type VectorStore } from './vectorStore';

export interface SyncResult {
  upserted: number;
  deleted: number;
  /** True when the store had no cursor for the model and got every entry. */
  full: boolean;
}

const PAGE = 2000;

export interface VectorSyncOptions {
  /** Hears of every batch of entries the store accepted (a copy's progress bar). */
  onUpserted?: (model: ModelSpace, count: number) => void;
  /** How much of the change log is kept for stores that lag (default DEFAULT_RETENTION). */
  retention?: Retention;
}

export class VectorSync {
  private running: Promise<SyncResult> | null = null;
  private current: VectorStore;
  private readonly claims: SyncClaims;
  private readonly searched = new Set<(failure: unknown) => void>();

  constructor(
    private readonly log: ChangeLog,
    store: VectorStore,
    private readonly options: VectorSyncOptions = {},
  ) {
    this.current = store;
    this.claims = new SyncClaims(log.catalog);
  }

  /** The store being kept in step (another one after `replace`). */
  get store(): VectorStore {
    return this.current;
  }

  /**
   * Keeps `store` in step from now on, once the syncs in flight have ended, and
   * hands back the store it replaces for the caller to close. Each store has its
   * own cursor in the change log, so nothing sent to one is taken as sent to the other.
   */
  async replace(store: VectorStore): Promise<VectorStore> {
    while (this.running) await this.running.catch(() => undefined);
    const old = this.current;
    this.current = store;
    return old;
  }

  /**
   * Brings the store up to date, then searches it. Listeners hear how it went (null, or the
   * error), so the store's health reflects searches that fail, not only syncs.
   */
  async search(model: ModelSpace, query: Float32Array, k: number, filter?: VectorFilter): Promise<VectorHit[]> {
    try {
      await this.sync(model);
      const hits = await this.store.search(model, query, k, filter);
      this.searched.forEach((listener) => listener(null));
      return hits;
    } catch (err) {
      this.searched.forEach((listener) => listener(err));
      throw err;
    }
  }

  /** Calls `listener` after every search with null or the error it failed with; returns the unsubscribe. */
  onSearched(listener: (failure: unknown) => void): () => void {
    this.searched.add(listener);
    return () => this.searched.delete(listener);
  }

  /** Syncs one model; concurrent calls share the sync in flight. */
  sync(model: ModelSpace): Promise<SyncResult> {
    const run = (this.running ?? Promise.resolve()).then(
      () => this.run(model),
      () => this.run(model),
    );
    this.running = run;
    return run
      .catch((err: unknown) => {
        throw this.withPending(err, model);
      })
      .finally(() => {
        if (this.running === run) this.running = null;
      });
  }

  /** How many changes are waiting to reach the store for this model (every entry before a first sync). */
  pending(model: ModelSpace): number {
    const cursor = this.log.cursor(this.store.name, model.id);
    return cursor === undefined ? this.log.entryCount(model.id) : this.log.countSince(cursor);
  }

  /** A store that refused (Milvus down): tell the user what waits in the catalog, so they know nothing is lost. */
  private withPending(err: unknown, model: ModelSpace): unknown {
    if (!(err instanceof StoreError)) return err;
    const waiting = this.pending(model);
    if (waiting === 0) return err;
    return new StoreError(`${err.message} Vectors waiting to be sent: ${waiting}; they go out on the next run.`, {
      cause: err,
    });
  }

  /** Forgets the store's place, so the next sync sends everything (after a reset or a lost index). */
  restart(model: ModelSpace): void {
    this.log.clearCursor(this.store.name, model.id);
  }

  private async run(model: ModelSpace): Promise<SyncResult> {
    const name = this.store.name;
    const needsFull = await this.store.needsFullSync?.(model);
    // Most syncs (one before every search) find nothing to do: no claim, no write, for those.
    const cursor = this.log.cursor(name, model.id);
    if (!needsFull && cursor !== undefined && cursor >= this.log.head())
      return { upserted: 0, deleted: 0, full: false };
    await this.claims.claim(name, model.id);
    try {
      const result = await this.replay(model);
      this.log.prune(this.options.retention ?? DEFAULT_RETENTION);
      return result;
    } finally {
      this.claims.release(name, model.id);
    }
  }

  private async replay(model: ModelSpace): Promise<SyncResult> {
    const name = this.store.name;
    if (await this.store.needsFullSync?.(model)) this.log.clearCursor(name, model.id);
    const cursor = this.log.cursor(name, model.id);
    // A store whose place in the log was pruned away would skip changes: it gets everything instead.
    if (cursor === undefined) return this.full(model);
    if (this.log.missingAfter(cursor)) return this.full(model, true);
    const result: SyncResult = { upserted: 0, deleted: 0, full: false };
    let seq = cursor;
    for (;;) {
      this.claims.renew(name, model.id);
      const changes = this.log.since(seq, PAGE);
      if (changes.length === 0) break;
      if (changes[0]!.seq !== seq + 1) return this.full(model, true); // pruned while this sync ran
      // The last change of a path decides: a file renamed away and back is one upsert.
      const last = new Map<string, 'upsert' | 'delete'>();
      for (const c of changes) last.set(c.path, c.op);
      const upsertPaths = [...last].filter(([, op]) => op === 'upsert').map(([p]) => p);
      const entries = this.log.entries(model.id, upsertPaths);
      const present = new Set(entries.map((e) => e.path));
      // A path whose current content has no vector for this model must not keep an old one.
      const deletes = [...last.keys()].filter((p) => !present.has(p));
      if (deletes.length) await this.store.delete(model, deletes);
      if (entries.length) await this.upsert(model, entries);
      result.upserted += entries.length;
      result.deleted += deletes.length;
      seq = changes[changes.length - 1]!.seq;
      this.log.setCursor(name, model.id, seq);
    }
    return result;
  }

  private async upsert(model: ModelSpace, entries: Parameters<VectorStore['upsert']>[1]): Promise<void> {
    await this.store.upsert(model, entries);
    this.options.onUpserted?.(model, entries.length);
  }

  /**
   * Sends every entry. After a gap (changes pruned before the store applied them) the store may
   * also hold paths deleted meanwhile: those under the library's folders go too, and a store that
   * cannot list its entries is emptied first. Entries under other folders (another workstation's,
   * in a shared Milvus) are left alone.
   */
  private async full(model: ModelSpace, afterGap = false): Promise<SyncResult> {
    const head = this.log.head();
    if (afterGap && !this.store.keys) await this.store.reset(model);
    let upserted = 0;
    for (const page of this.log.allEntries(model.id, PAGE)) {
      this.claims.renew(this.store.name, model.id);
      await this.upsert(model, page);
      upserted += page.length;
    }
    const deleted = afterGap ? await this.sweep(model) : 0;
    this.log.setCursor(this.store.name, model.id, head);
    return { upserted, deleted, full: true };
  }

  /** Deletes the store's entries under the library's folders that the catalog no longer has. */
  private async sweep(model: ModelSpace): Promise<number> {
    if (!this.store.keys) return 0;
    const expected = this.log.entryKeys(model.id);
    const roots = this.log.catalog.roots().map((r) => (r.path.endsWith(path.sep) ? r.path : r.path + path.sep));
    const gone: string[] = [];
    for await (const page of this.store.keys(model)) {
      for (const { path: file } of page) {
        if (!expected.has(file) && roots.some((r) => file.startsWith(r))) gone.push(file);
      }
    }
    for (let i = 0; i < gone.length; i += PAGE) await this.store.delete(model, gone.slice(i, i + PAGE));
    return gone.length;
  }
}
