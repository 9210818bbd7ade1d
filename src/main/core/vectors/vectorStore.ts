/**
 * Where the vectors are searched: the embedded index (default) or Milvus. The
 * catalog stays the source of truth; a store mirrors the files that have a
 * vector for a model, fed from the catalog's change log (see vectorSync.ts).
 */
import type { VectorEntry } from '../catalog/vectorEntry';

// Stores take what the catalog's change log produces.
export type { VectorEntry };

export interface VectorFilter {
  /** Only files under one of these folders: absolute paths ending with the path separator. */
  folders?: string[];
  /** Only these formats (sharp's names: jpeg, png, …). */
  formats?: string[];
}

export interface VectorHit {
  path: string;
  /** Cosine similarity to the query. */
  score: number;
  width: number;
  height: number;
  format: string;
}

export interface StoreHealth {
  ok: boolean;
  /** Why not, in words for the user (e.g. "Milvus at localhost:19530 is not answering"). */
  message?: string;
}

export interface StoreStats {
  backend: string;
  count: number;
  [detail: string]: unknown;
}

/** What a store holds for one path, to compare it with the catalog (`atelier store verify`). */
export interface StoredKey {
  path: string;
  contentKey: string;
}

/** One model's space in a store: collections are per model because dimensions differ. */
export interface ModelSpace {
  id: string;
  dim: number;
}

export interface VectorStore {
  /** Stable name for this store's place in the change log (e.g. `embedded`, `milvus:host:19530/db/coll`). */
  readonly name: string;
  /** Adds or replaces entries by path. */
  upsert(model: ModelSpace, entries: VectorEntry[]): Promise<void>;
  /** Removes entries by path; unknown paths are ignored. */
  delete(model: ModelSpace, paths: string[]): Promise<void>;
  /** The k nearest entries to a unit query vector, best first, within the filter. */
  search(model: ModelSpace, query: Float32Array, k: number, filter?: VectorFilter): Promise<VectorHit[]>;
  count(model: ModelSpace): Promise<number>;
  /** Removes every entry of this model. */
  reset(model: ModelSpace): Promise<void>;
  /** Removes the model's space itself (its files, its collection), freeing the room it took. */
  drop(model: ModelSpace): Promise<void>;
  health(): Promise<StoreHealth>;
  /**
   * True when the store lost entries the catalog still has (an in-memory index after a restart,
   * an index file that was missing or corrupt): the next sync then sends every entry.
   */
  needsFullSync?(model: ModelSpace): Promise<boolean>;
  /**
   * Readies the model's space for a first search (an embedded store reads a small library's
   * vectors into memory); searches are right without it, only the first is slower. Optional.
   */
  prepare?(model: ModelSpace): Promise<void>;
  stats(model: ModelSpace): Promise<StoreStats>;
  /**
   * Every entry's path and content key, a page at a time, in no particular order. Optional: a
   * store without it is verified by its count, and rebuilt from the catalog when that differs.
   */
  keys?(model: ModelSpace): AsyncIterable<StoredKey[]>;
  close(): Promise<void>;
}

/** A store that cannot be reached or refuses a request; the message is for the user. */
export class StoreError extends Error {}
