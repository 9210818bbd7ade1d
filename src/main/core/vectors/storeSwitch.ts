/**
 * Switching the library to another vector store from the app, as a job: every
 * vector is copied from the catalog (nothing is re-embedded, storeMigrate.ts)
 * with progress events; then the choice is saved in store.json and the running
 * app searches the new store at once. A failure keeps the current store, and
 * changes made while the copy ran wait in the catalog for the next sync.
 */
import type { VectorStoreView } from '../../../shared/types';
import type { Catalog } from '../catalog/catalog';
import type { ChangeLog } from '../catalog/changeLog';
import type { EventBus } from '../events';
import { createStore, describeStore, type StoreConfig } from './createStore';
import { storeProblem } from './milvus/milvusProbe';
import { writeStoreChoice } from './storeChoice';
import { migrateStore } from './storeMigrate';
import { type ModelSpace, StoreError } from './vectorStore';
import type { VectorSync } from './vectorSync';

export interface SwitchContext {
  dataDir: string;
  catalog: Catalog;
  log: ChangeLog;
  vectors: VectorSync;
  events: EventBus;
  /** The configuration in use now (for messages). */
  current(): StoreConfig;
  /** Runs once the new store is saved and in use; answers the view the `store.switched` event carries. */
  switched(config: StoreConfig): Promise<VectorStoreView>;
}

export class StoreSwitcher {
  private busy = false;

  constructor(private readonly ctx: SwitchContext) {}

  /** Starts the switch and returns its job id at once; refuses a second one while one runs. */
  start(target: StoreConfig): { jobId: string } {
    if (this.busy) throw new StoreError('A switch to another store is already under way: wait for it to end.');
    if (target.kind === 'embedded' && this.ctx.current().kind === 'embedded') {
      throw new StoreError('Atelier already uses the embedded index: there is nothing to switch.');
    }
    const { catalog, events } = this.ctx;
    const jobId = catalog.createJob('store-switch', { kind: target.kind, store: describeStore(target) });
    this.busy = true;
    this.run(jobId, target)
      .then((store) => {
        catalog.updateJob(jobId, 'succeeded');
        events.emit('store.switched', { jobId, store });
      })
      .catch((err: unknown) => {
        const why = storeProblem(err).message;
        const message = `${why} Nothing was switched: Atelier still uses ${describeStore(this.ctx.current())}.`;
        catalog.updateJob(jobId, 'failed', { error: message });
        events.emit('store.switchFailed', { jobId, message });
      })
      .finally(() => {
        this.busy = false;
      });
    return { jobId };
  }

  private async run(jobId: string, target: StoreConfig): Promise<VectorStoreView> {
    const { dataDir, catalog, log, vectors, events } = this.ctx;
    const store = createStore(target, { dataDir });
    let done = 0;
    let total = 0;
    // Every batch the new store accepted moves the progress bar.
    const progress = (model: ModelSpace, count: number) => {
      done = Math.min(total, done + count);
      events.emit('store.switchProgress', { jobId, model: model.id, done, total });
    };
    try {
      const roots = catalog.roots().map((r) => r.path);
      const started = (model: ModelSpace) => {
        done = 0;
        total = log.entryCount(model.id);
        events.emit('store.switchProgress', { jobId, model: model.id, done, total });
      };
      await migrateStore(log, store, roots, started, progress);
    } catch (err) {
      await store.close().catch(() => undefined);
      throw err;
    }
    writeStoreChoice(dataDir, target);
    const old = await vectors.replace(store);
    await old.close().catch(() => undefined);
    return this.ctx.switched(target);
  }
}
