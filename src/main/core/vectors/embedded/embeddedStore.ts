/**
 * The default vector store: everything on this machine. The vectors' source of
 * truth is the SQLite catalog; this index is derived from it through the change
 * log and rebuilt from it whenever it is missing.
 */
import type { ModelSpace, StoreHealth, StoreStats, VectorEntry, VectorFilter, VectorHit, VectorStore } from '../vectorStore';
import { ExactIndex } from './exactIndex';

export class EmbeddedStore implements VectorStore {
  readonly name = 'embedded';
  private readonly indexes = new Map<string, ExactIndex>();

  private index(model: ModelSpace): ExactIndex {
    let index = this.indexes.get(model.id);
    if (!index) this.indexes.set(model.id, (index = new ExactIndex(model.dim)));
    return index;
  }

  needsFullSync(model: ModelSpace): Promise<boolean> {
    // Held in memory: after a start, the catalog has to fill it once.
    return Promise.resolve(!this.indexes.has(model.id));
  }

  upsert(model: ModelSpace, entries: VectorEntry[]): Promise<void> {
    this.index(model).upsert(entries);
    return Promise.resolve();
  }

  delete(model: ModelSpace, paths: string[]): Promise<void> {
    this.indexes.get(model.id)?.delete(paths);
    return Promise.resolve();
  }

  search(model: ModelSpace, query: Float32Array, k: number, filter?: VectorFilter): Promise<VectorHit[]> {
    return Promise.resolve(this.indexes.get(model.id)?.search(query, k, filter) ?? []);
  }

  count(model: ModelSpace): Promise<number> {
    return Promise.resolve(this.indexes.get(model.id)?.size ?? 0);
  }

  reset(model: ModelSpace): Promise<void> {
    this.indexes.set(model.id, new ExactIndex(model.dim));
    return Promise.resolve();
  }

  health(): Promise<StoreHealth> {
    return Promise.resolve({ ok: true });
  }

  async stats(model: ModelSpace): Promise<StoreStats> {
    return { backend: 'embedded', count: await this.count(model), index: 'exact' };
  }

  close(): Promise<void> {
    this.indexes.clear();
    return Promise.resolve();
  }
}
