/**
 * Brings a vector store up to date with the catalog by replaying the change
 * log from the store's cursor. The cursor moves only after the store accepted
 * the writes, so a store that is down (Milvus) or a crash loses nothing: the
 * changes wait in the catalog and go out on the next sync.
 */
import type { ChangeLog } from '../catalog/changeLog';
import { StoreError, type ModelSpace, type VectorStore } from './vectorStore';

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
}

export class VectorSync {
  private running: Promise<SyncResult> | null = null;
  private current: VectorStore;

  constructor(
    private readonly log: ChangeLog,
    store: VectorStore,
    private readonly options: VectorSyncOptions = {},
  ) {
    this.current = store;
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
    if (await this.store.needsFullSync?.(model)) this.log.clearCursor(name, model.id);
    const cursor = this.log.cursor(name, model.id);
    if (cursor === undefined) return this.full(model);
    const result: SyncResult = { upserted: 0, deleted: 0, full: false };
    let seq = cursor;
    for (;;) {
      const changes = this.log.since(seq, PAGE);
      if (changes.length === 0) break;
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

  private async full(model: ModelSpace): Promise<SyncResult> {
    const head = this.log.head();
    let upserted = 0;
    for (const page of this.log.allEntries(model.id, PAGE)) {
      await this.upsert(model, page);
      upserted += page.length;
    }
    this.log.setCursor(this.store.name, model.id, head);
    return { upserted, deleted: 0, full: true };
  }
}
