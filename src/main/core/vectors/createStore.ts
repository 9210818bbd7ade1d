/**
 * Builds the vector store a configuration names: the embedded index (the
 * default, on this machine) or a Milvus server. The composition root and the
 * `atelier store` commands build stores only through here.
 */
import path from 'node:path';
import { EmbeddedStore } from './embedded/embeddedStore';
import { LazyMilvusStore } from './lazyMilvusStore';
import { DEFAULT_COLLECTION_PREFIX, type MilvusStoreOptions, parseMilvusUri } from './milvus/milvusOptions';
import type { VectorStore } from './vectorStore';

/** Which store holds the vectors, and for Milvus where it is. */
export type StoreConfig = { kind: 'embedded' } | ({ kind: 'milvus' } & MilvusStoreOptions);

/** What a store may need from its surroundings. */
export interface StoreContext {
  /** The library's data folder (the embedded store keeps its index files under it). */
  dataDir: string;
}

/** The embedded store's folder in the data folder: its per-model entry tables and HNSW indexes. */
export const EMBEDDED_DIR = 'vectors';

export function createStore(config: StoreConfig, context: StoreContext): VectorStore {
  switch (config.kind) {
    case 'embedded':
      return new EmbeddedStore({ dir: path.join(context.dataDir, EMBEDDED_DIR) });
    case 'milvus': {
      const { kind: _kind, ...options } = config;
      return new LazyMilvusStore(options);
    }
  }
}

/** Where a store is, in words, for messages: "the embedded index" or "Milvus at host:port, …". */
export function describeStore(config: StoreConfig): string {
  if (config.kind === 'embedded') return 'the embedded index';
  const { address } = parseMilvusUri(config.uri);
  const prefix = config.collection || DEFAULT_COLLECTION_PREFIX;
  return `Milvus at ${address}, database ${config.database || 'default'}, collections ${prefix}_<model>`;
}
