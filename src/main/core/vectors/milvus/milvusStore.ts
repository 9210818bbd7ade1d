/**
 * The Milvus backend: a studio's shared vector store (standalone, cluster or
 * Zilliz Cloud). One collection per model. Searches see this client's own
 * writes and are fast otherwise (readLevel.ts); counts and scans are Strong
 * `count(*)` and key queries, not collection statistics (which lag behind
 * deletes and unflushed writes).
 */
import { ConsistencyLevelEnum } from '@zilliz/milvus2-sdk-node';
import type {
  ModelSpace,
  StoredKey,
  StoreHealth,
  StoreStats,
  VectorEntry,
  VectorFilter,
  VectorHit,
  VectorStore,
} from '../vectorStore';
import { MilvusCollections } from './milvusCollections';
import { MilvusConnection } from './milvusConnection';
import { isCollectionMissing, isCollectionNotLoaded } from './milvusErrors';
import { filterExpression, oneOf } from './milvusFilter';
import { DEFAULT_COLLECTION_PREFIX, type MilvusStoreOptions } from './milvusOptions';
import { scanKeys } from './milvusScan';
import { entryId, F, HNSW_BUILD, METRIC, num, str, toRow } from './milvusSchema';
import { ReadLevel } from './readLevel';

/** Rows per write request: 500 × 512 floats stays far below gRPC's message limits. */
const WRITE_BATCH = 500;
/** Milvus's ceiling on topk (and on offset + limit). */
const MAX_TOPK = 16_384;
const strong = { consistency_level: ConsistencyLevelEnum.Strong };

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export class MilvusStore implements VectorStore {
  readonly name: string;
  private readonly conn: MilvusConnection;
  private readonly collections: MilvusCollections;
  private readonly reads = new ReadLevel();

  constructor(private readonly options: MilvusStoreOptions) {
    this.conn = new MilvusConnection(options);
    this.collections = new MilvusCollections(this.conn, options.collection, options.database);
    const db = options.database || 'default';
    this.name = `milvus:${this.conn.where}/${db}/${options.collection || DEFAULT_COLLECTION_PREFIX}`;
  }

  /** The collection this model's vectors go to. */
  collectionName(model: ModelSpace): string {
    return this.collections.name(model);
  }

  /**
   * Runs a write on the model's collection, making it ready again once if someone dropped or
   * released it meanwhile (or the server restarted, which leaves every collection released).
   */
  private async write(model: ModelSpace, run: (collection: string) => Promise<unknown>): Promise<void> {
    const name = this.collections.name(model);
    try {
      await run(await this.collections.ensure(model));
    } catch (err) {
      if (!isCollectionMissing(err) && !isCollectionNotLoaded(err)) throw err;
      this.forget(model);
      await run(await this.collections.ensure(model));
    } finally {
      // Even a failed write may have landed in part: the next searches must see it.
      this.reads.wrote(name);
    }
  }

  private forget(model: ModelSpace): void {
    this.collections.forget(model);
    this.reads.forget(this.collections.name(model));
  }

  async upsert(model: ModelSpace, entries: VectorEntry[]): Promise<void> {
    // One row per path, the last one winning: Milvus 2.3 keeps both rows when one request repeats a key.
    const byPath = new Map(entries.map((e) => [e.path, e]));
    for (const batch of chunks([...byPath.values()], WRITE_BATCH)) {
      // `upsert`, not `insert`: Milvus keeps duplicate keys on insert (milvus-lite replaces them).
      await this.write(model, (collection) => {
        const data = batch.map((e) => toRow(model, e, this.collections.fieldsOf(collection)));
        return this.conn.call(`write ${data.length} vectors to ${collection}`, (c, timeout) =>
          c.upsert({ collection_name: collection, data, timeout }),
        );
      });
    }
  }

  async delete(model: ModelSpace, paths: string[]): Promise<void> {
    if (paths.length === 0 || !(await this.collections.exists(model))) return;
    for (const batch of chunks([...new Set(paths)], 1000)) {
      const filter = oneOf(F.id, batch.map(entryId));
      await this.write(model, (collection) =>
        this.conn.call(`delete ${batch.length} vectors from ${collection}`, (c, timeout) =>
          c.delete({ collection_name: collection, filter, timeout }),
        ),
      );
    }
  }

  async search(model: ModelSpace, query: Float32Array, k: number, filter?: VectorFilter): Promise<VectorHit[]> {
    if (k < 1) return [];
    // A collection made ready here is searched at once, saving a round trip; else it may not exist yet.
    if (!this.collections.known(model) && !(await this.collections.exists(model))) return [];
    try {
      return await this.searchCollection(await this.collections.ensure(model), query, k, filter);
    } catch (err) {
      if (isCollectionNotLoaded(err)) {
        // Released by another client, or the server restarted: load it again and ask once more.
        this.collections.forget(model);
        return await this.searchCollection(await this.collections.ensure(model), query, k, filter);
      }
      if (!isCollectionMissing(err)) throw err;
      this.forget(model); // dropped by someone else since
      return [];
    }
  }

  private async searchCollection(
    collection: string,
    query: Float32Array,
    k: number,
    filter?: VectorFilter,
  ): Promise<VectorHit[]> {
    const limit = Math.min(k, MAX_TOPK);
    const expr = filterExpression(filter);
    const res = await this.conn.call(`search ${collection}`, (c, timeout) =>
      c.search({
        collection_name: collection,
        anns_field: F.vector,
        data: [Array.from(query)],
        limit,
        ...(expr ? { filter: expr } : {}),
        output_fields: [F.filepath, F.width, F.height, F.format],
        metric_type: METRIC,
        // HNSW needs ef ≥ k; a floor of 64 keeps recall high for small k.
        params: { ef: Math.min(Math.max(limit, 64), 32_768) },
        consistency_level: this.reads.forSearch(collection),
        timeout,
      }),
    );
    this.reads.answered(collection);
    const hits = res.results as unknown as Array<Record<string, unknown>>;
    return hits
      .map((h) => ({
        path: str(h[F.filepath]),
        score: num(h.score),
        width: num(h[F.width]),
        height: num(h[F.height]),
        format: str(h[F.format]),
      }))
      .sort((a, b) => b.score - a.score);
  }

  async count(model: ModelSpace): Promise<number> {
    if (!(await this.collections.exists(model))) return 0;
    const counted = async () => {
      const collection = await this.collections.ensure(model);
      const res = await this.conn.call(`count the vectors in ${collection}`, (c, timeout) =>
        c.query({ collection_name: collection, filter: '', output_fields: ['count(*)'], ...strong, timeout }),
      );
      return num(res.data[0]?.['count(*)']);
    };
    try {
      return await counted();
    } catch (err) {
      if (!isCollectionNotLoaded(err)) throw err;
      this.collections.forget(model);
      return await counted();
    }
  }

  /** Drops the model's collection and makes an empty one, so a later sync does not refill it by itself. */
  async reset(model: ModelSpace): Promise<void> {
    this.reads.forget(this.collections.name(model));
    await this.collections.drop(model);
    await this.collections.ensure(model);
  }

  async drop(model: ModelSpace): Promise<void> {
    this.reads.forget(this.collections.name(model));
    await this.collections.drop(model);
  }

  async health(): Promise<StoreHealth> {
    try {
      const res = await this.conn.call('check its health', (c) => c.checkHealth());
      if (res.isHealthy) return { ok: true };
      const reasons = (res.reasons as string[]).join('; ') || 'no reason given';
      return { ok: false, message: `Milvus at ${this.conn.where} reports it is unhealthy: ${reasons}` };
    } catch (err) {
      return { ok: false, message: (err as Error).message };
    }
  }

  /** A missing collection (a new server, or dropped by someone) means the catalog must send everything. */
  async needsFullSync(model: ModelSpace): Promise<boolean> {
    return !(await this.collections.exists(model));
  }

  async stats(model: ModelSpace): Promise<StoreStats> {
    const version = await this.conn.call('ask its version', (c) => c.getVersion());
    return {
      backend: 'milvus',
      count: await this.count(model),
      address: this.conn.where,
      database: this.options.database || 'default',
      collection: this.collections.name(model),
      index: `HNSW (M ${HNSW_BUILD.M}, efConstruction ${HNSW_BUILD.efConstruction})`,
      metric: METRIC,
      serverVersion: version.version,
    };
  }

  async *keys(model: ModelSpace): AsyncIterable<StoredKey[]> {
    if (!(await this.collections.exists(model))) return;
    yield* scanKeys(this.conn, await this.collections.ensure(model));
  }

  close(): Promise<void> {
    return this.conn.close();
  }
}
