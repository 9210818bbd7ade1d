/**
 * A Milvus store whose client library is loaded on first use. The Milvus SDK
 * (gRPC, protobuf, a Parquet writer) takes longer to load than the rest of
 * the app's start-up together, and most libraries use the embedded store:
 * only a configuration that names Milvus pays for it, when it first talks to it.
 */
import type { MilvusStoreOptions } from './milvus/milvusOptions';
import { DEFAULT_COLLECTION_PREFIX, parseMilvusUri } from './milvus/milvusOptions';
import type { MilvusStore } from './milvus/milvusStore';
import type {
  ModelSpace,
  StoredKey,
  StoreHealth,
  StoreStats,
  VectorEntry,
  VectorFilter,
  VectorHit,
  VectorStore,
} from './vectorStore';

export class LazyMilvusStore implements VectorStore {
  /** The same name as the store it stands for (see MilvusStore). */
  readonly name: string;
  private loaded: Promise<MilvusStore> | null = null;

  constructor(private readonly options: MilvusStoreOptions) {
    const where = parseMilvusUri(options.uri).address;
    this.name = `milvus:${where}/${options.database || 'default'}/${options.collection || DEFAULT_COLLECTION_PREFIX}`;
  }

  private store(): Promise<MilvusStore> {
    this.loaded ??= import('./milvus/milvusStore').then(({ MilvusStore }) => new MilvusStore(this.options));
    return this.loaded;
  }

  async upsert(model: ModelSpace, entries: VectorEntry[]): Promise<void> {
    return (await this.store()).upsert(model, entries);
  }

  async delete(model: ModelSpace, paths: string[]): Promise<void> {
    return (await this.store()).delete(model, paths);
  }

  async search(model: ModelSpace, query: Float32Array, k: number, filter?: VectorFilter): Promise<VectorHit[]> {
    return (await this.store()).search(model, query, k, filter);
  }

  async count(model: ModelSpace): Promise<number> {
    return (await this.store()).count(model);
  }

  async reset(model: ModelSpace): Promise<void> {
    return (await this.store()).reset(model);
  }

  async drop(model: ModelSpace): Promise<void> {
    return (await this.store()).drop(model);
  }

  async health(): Promise<StoreHealth> {
    return (await this.store()).health();
  }

  async needsFullSync(model: ModelSpace): Promise<boolean> {
    return (await this.store()).needsFullSync(model);
  }

  async stats(model: ModelSpace): Promise<StoreStats> {
    return (await this.store()).stats(model);
  }

  async *keys(model: ModelSpace): AsyncIterable<StoredKey[]> {
    yield* (await this.store()).keys(model);
  }

  /** Closes the client if it was ever loaded; one never used has nothing to close. */
  async close(): Promise<void> {
    if (this.loaded) await (await this.loaded).close();
  }
}
