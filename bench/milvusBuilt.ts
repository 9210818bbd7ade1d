/**
 * "Built" for a Milvus server: every row flushed into sealed segments and the
 * HNSW index built on all of them, the state a server reaches by itself a
 * while after the writes. Searched right after the upserts, Milvus answers
 * from growing segments that have no HNSW index yet, which measures the
 * ingest, not the index.
 */
import { MilvusClient } from '@zilliz/milvus2-sdk-node';
import { clientConfig } from '../src/main/core/vectors/milvus/milvusConnection';
import type { MilvusStoreOptions } from '../src/main/core/vectors/milvus/milvusOptions';
import { F } from '../src/main/core/vectors/milvus/milvusSchema';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function milvusIndexed(options: MilvusStoreOptions, collection: string): Promise<void> {
  const client = new MilvusClient(clientConfig({ ...options, timeoutMs: 600_000 }));
  try {
    await client.connectPromise;
    await client.flushSync({ collection_names: [collection] });
    for (;;) {
      const p = await client.getIndexBuildProgress({ collection_name: collection, field_name: F.vector });
      const [indexed, total] = [Number(p.indexed_rows), Number(p.total_rows)];
      if (total > 0 && indexed >= total) return;
      await sleep(2000);
    }
  } finally {
    await client.closeConnection();
  }
}
