/**
 * The stores `bench:search` can measure, by name. Each says whether it can run
 * here (and why not), opens a store in a scratch folder, and knows what
 * "built" means for it (the embedded store's index has caught up and is
 * saved; a server has flushed). Add a backend by adding an entry.
 */
import path from 'node:path';
import { EmbeddedStore } from '../src/main/core/vectors/embedded/embeddedStore';
import { MilvusStore } from '../src/main/core/vectors/milvus/milvusStore';
import type { ModelSpace, VectorStore } from '../src/main/core/vectors/vectorStore';
import { milvusIndexed } from './milvusBuilt';

export interface BenchStore {
  store: VectorStore;
  /** Resolves once everything written is searchable the way it will be searched (part of the build time). */
  built(model: ModelSpace): Promise<void>;
  /** Removes what the run left behind (a server's collection). */
  dispose(model: ModelSpace): Promise<void>;
}

export interface BenchBackend {
  /** Why this backend cannot be measured here, or null when it can. */
  unavailable(): string | null;
  /** Opens the store of one case; `dir` is the case's scratch folder (the same when it is reopened). */
  open(dir: string): Promise<BenchStore>;
}

export const backends: Record<string, BenchBackend> = {
  embedded: {
    unavailable: () => null,
    open: (dir) => {
      const store = new EmbeddedStore({ dir });
      return Promise.resolve({ store, built: (model) => store.flush(model), dispose: () => Promise.resolve() });
    },
  },
  milvus: {
    unavailable: () =>
      process.env.ATELIER_BENCH_MILVUS_URI
        ? null
        : 'ATELIER_BENCH_MILVUS_URI is not set (e.g. http://127.0.0.1:19530; token in ATELIER_BENCH_MILVUS_TOKEN)',
    open: (dir) => {
      const options = {
        uri: process.env.ATELIER_BENCH_MILVUS_URI!,
        token: process.env.ATELIER_BENCH_MILVUS_TOKEN,
        // Named after the case's scratch folder: the searching process finds what the building one wrote.
        collection: `atelier_bench_${path.basename(dir).replace(/\W/g, '_')}`,
      };
      const store = new MilvusStore(options);
      return Promise.resolve({
        store,
        // Searchable once upsert returns (Strong reads), but indexed only once flushed and built.
        built: (model) => milvusIndexed(options, store.collectionName(model)),
        dispose: (model) => store.reset(model),
      });
    },
  },
};
