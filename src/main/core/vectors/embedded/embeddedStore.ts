/**
 * The default vector store: everything on this machine, under one folder
 * (`<dataDir>/vectors`), per model:
 *
 * - `<model>.db`: the entries the catalog's change log sent (path, format,
 *   size, f32 vector), durable when a write returns;
 * - `<model>.usearch` + `<model>.json`: the HNSW index derived from it and the
 *   sidecar saying what it reflects; rebuilt from the `.db` when doubtful.
 *
 * Deleting the folder loses nothing: a missing `.db` reports `needsFullSync`
 * and the catalog sends every entry again. Without a folder the store keeps
 * everything in memory (tests, throwaway use) and asks for a full sync on start.
 */
import fs from 'node:fs';
import os from 'node:os';
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
import type { Quantization } from './hnswIndex';
import { spaceFiles } from './indexFiles';
import { SpaceIndex, type SpaceOptions } from './spaceIndex';

export interface EmbeddedStoreOptions {
  /** Where the per-model files live; omitted, nothing is persisted. */
  dir?: string;
  /** Up to this many vectors per model, search is exact and no index is built (default 20,000). */
  exactThreshold?: number;
  /** How the index stores vectors (default i8: a quarter of f32; see bench/search.ts for the numbers). */
  quantization?: Quantization;
  /** Fewer unsaved index changes than this are saved on close only (default 1,000). */
  saveEvery?: number;
  /** Otherwise the index is saved this long after the last change (default 30 s)... */
  idleSaveMs?: number;
  /** ...or, during a long build, this often (default 60 s). */
  saveIntervalMs?: number;
  /**
   * Map the saved index rather than read it on open (default: yes, except on Windows): opening then
   * costs about the same at any library size and searches answer at once, from pages read as they
   * touch them. Changes are kept in memory beside the mapped file until there are `saveEvery` of
   * them; then the index is read whole, as opening did before, and saved as it was. Windows cannot
   * replace a file another process has mapped, and every process sharing the data folder replaces
   * the index file when it saves, so there it is read whole on open.
   */
  mapIndex?: boolean;
  /**
   * Awaited between two slices of index work (a slice is 128 vectors), after the turn of the event
   * loop they always give: whoever builds the store can slow a build down, or hold it at a known
   * point and see searches over a half-built index.
   */
  betweenSlices?: () => Promise<void> | void;
}

function spaceOptions(o: EmbeddedStoreOptions): SpaceOptions {
  return {
    exactThreshold: o.exactThreshold ?? 20_000,
    follower: {
      hnsw: { quantization: o.quantization ?? 'i8', connectivity: 16, expansionAdd: 128, expansionSearch: 64 },
      slice: 128,
      threads: os.availableParallelism(),
      saveEvery: o.saveEvery ?? 1000,
      saveIntervalMs: o.saveIntervalMs ?? 60_000,
      idleSaveMs: o.idleSaveMs ?? 30_000,
      mapIndex: o.mapIndex ?? process.platform !== 'win32',
      betweenSlices: o.betweenSlices,
    },
    search: {
      // Measured on the benchmark's data (bench/search.ts, i8): with the beam below, re-ranking the
      // index's first 24 gave the same recall@10 as its first 64 (1.0 at 100k, 0.988 at 1M), and each
      // candidate is a 16 KB page read when the table is not in the page cache; 32 keeps a margin.
      candidates: (k) => Math.max(3 * k, 32),
      // A beam of 64 kept recall@10 at 1.0 over 100k vectors but let it fall to 0.92 over 1M, where
      // 256 gave 0.988; widening with n^0.6 joins the two.
      beam: (size) => Math.round(64 * Math.max(1, size / 100_000) ** 0.6),
      maxCandidates: 4096,
    },
  };
}

/** Runs synchronous work as a promise, so a failure rejects it instead of throwing at the caller. */
function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}

export class EmbeddedStore implements VectorStore {
  readonly name = 'embedded';
  private readonly spaces = new Map<string, SpaceIndex>();
  private readonly options: SpaceOptions;

  constructor(private readonly config: EmbeddedStoreOptions = {}) {
    this.options = spaceOptions(config);
  }

  private space(model: ModelSpace): SpaceIndex {
    const open = this.spaces.get(model.id);
    if (open && open.model.dim === model.dim) return open;
    if (open) throw new Error(`Model ${model.id} is open with ${open.model.dim} dimensions, not ${model.dim}`);
    const { dir } = this.config;
    if (dir) fs.mkdirSync(dir, { recursive: true });
    const space = SpaceIndex.open(dir ? spaceFiles(dir, model.id) : null, model, this.options);
    this.spaces.set(model.id, space);
    return space;
  }

  needsFullSync(model: ModelSpace): Promise<boolean> {
    return settle(() => this.space(model).needsFullSync);
  }

  /** Opens the space, loading its saved index, or for a small library reading its vectors into memory. */
  prepare(model: ModelSpace): Promise<void> {
    return settle(() => this.space(model).prepare());
  }

  upsert(model: ModelSpace, entries: VectorEntry[]): Promise<void> {
    return settle(() => this.space(model).write(entries, []));
  }

  delete(model: ModelSpace, paths: string[]): Promise<void> {
    return settle(() => this.space(model).write([], paths));
  }

  search(model: ModelSpace, query: Float32Array, k: number, filter?: VectorFilter): Promise<VectorHit[]> {
    return settle(() => this.space(model).search(query, k, filter));
  }

  count(model: ModelSpace): Promise<number> {
    return settle(() => this.space(model).count);
  }

  async reset(model: ModelSpace): Promise<void> {
    await this.space(model).reset();
  }

  /** Closes the model's space and deletes its files (a space never opened here may still have some). */
  async drop(model: ModelSpace): Promise<void> {
    const open = this.spaces.get(model.id);
    this.spaces.delete(model.id);
    await open?.close();
    const { dir } = this.config;
    if (!dir) return;
    for (const file of Object.values(spaceFiles(dir, model.id))) {
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
    }
  }

  /** Every path with its content key, a page at a time. */
  async *keys(model: ModelSpace): AsyncIterable<StoredKey[]> {
    for (const page of this.space(model).keys()) {
      yield page;
      // Listing a million entries must not hold the event loop; pages follow keys, so a write
      // between two pages is listed or not, and nothing listed before is skipped.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** Resolves once the model's approximate index reflects every write so far (benchmarks, tests). */
  async indexed(model: ModelSpace): Promise<void> {
    await this.space(model).indexed();
  }

  /** Waits for the index to catch up, then saves it (benchmarks, tests; the store saves by itself too). */
  async flush(model: ModelSpace): Promise<void> {
    await this.space(model).follower.flush();
  }

  health(): Promise<StoreHealth> {
    const { dir } = this.config;
    if (!dir) return Promise.resolve({ ok: true });
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.accessSync(dir, fs.constants.W_OK);
      return Promise.resolve({ ok: true });
    } catch (err) {
      return Promise.resolve({
        ok: false,
        message: `Cannot write the vector index in ${dir}: ${(err as Error).message}`,
      });
    }
  }

  stats(model: ModelSpace): Promise<StoreStats> {
    return settle(() => {
      const space = this.space(model);
      return { backend: 'embedded', count: space.count, ...space.stats() };
    });
  }

  async close(): Promise<void> {
    const spaces = [...this.spaces.values()];
    this.spaces.clear();
    await Promise.all(spaces.map((s) => s.close()));
  }
}
