/**
 * Domain types shared by every process. No Node, no Electron, no DOM: this file
 * is compiled for both the main process and the renderer.
 */

/** One image found by a search, best first. Paths are absolute. */
export interface SearchHit {
  path: string;
  /** Cosine similarity between the query vector and the image vector, in [-1, 1]. */
  score: number;
  width: number;
  height: number;
  format: string;
}

export interface SearchResults {
  model: string;
  results: SearchHit[];
}

/** A file the indexer could not use, and why in words a person understands. */
export interface SkippedFile {
  path: string;
  reason: string;
}

/** What one indexing run did; the counts add up per file seen. */
export interface IndexSummary {
  /** Image files found on disk (by extension) in the scanned folders. */
  scanned: number;
  /** Files whose content was decoded and encoded by the model in this run. */
  embedded: number;
  /** New or changed paths whose content already had a vector (a copy, a restore). */
  reused: number;
  /** Paths that replaced a vanished path with the same content (rename or move). */
  moved: number;
  /** Catalogued paths that no longer exist. */
  removed: number;
  skipped: SkippedFile[];
}

/** `waiting`: another Atelier process (or job) is indexing one of the folders; this job starts when it ends. */
export type IndexPhase = 'waiting' | 'scanning' | 'hashing' | 'embedding' | 'done';

/** The indexing job another process runs on an overlapping folder, which a job waits for. */
export interface IndexHolder {
  pid: number;
  host: string;
  /** The folder it indexes: one of the job's folders, or a folder above or inside one. */
  folder: string;
}

/** Progress of an indexing job, sent as events while it runs. */
export interface IndexProgress {
  jobId: string;
  phase: IndexPhase;
  /** Files handled so far in this phase. */
  done: number;
  /** Files this phase has to handle; 0 while still unknown. */
  total: number;
  /** The file being handled, when there is one. */
  current?: string;
  /** While `waiting`: whom for. */
  holder?: IndexHolder;
}

/** The execution provider a model runs on, and why it is not the preferred one. */
export interface ProviderReport {
  provider: string;
  requested: string[];
  fallbackReason?: string;
  /** The image model's precision: fp16 where a GPU provider found an `_fp16` export. */
  precision?: 'fp32' | 'fp16';
  /** Intra-op threads, on the CPU provider. */
  threads?: number;
}

export interface ModelDescriptor {
  /** The id that embeddings are stored under. */
  id: string;
  name: string;
  dim: number;
  dir: string;
}

export interface ModelStatus {
  id: string;
  name: string;
  installed: boolean;
  /** Total bytes to download for a registry model. */
  sizeBytes?: number;
  dir?: string;
  source: 'registry' | 'imported';
}

export interface LibraryFolder {
  path: string;
  /** Whether changes in the folder are indexed as they happen. */
  watch: boolean;
  files: number;
  embedded: number;
  skipped: number;
}

export interface LibraryStatus {
  dataDir: string;
  model: string | null;
  /** Where the model runs (cpu, cuda, …) and why a better provider was passed over; null without a model. */
  provider: ProviderReport | null;
  folders: LibraryFolder[];
  files: number;
  embeddings: Record<string, number>;
  skipped: number;
}

export interface DownloadProgress {
  modelId: string;
  file: string;
  receivedBytes: number;
  totalBytes: number;
}

/** Thumbnail sizes: `small` for the results grid (256 px), `preview` for the preview (1024 px). */
/** small: the grid; preview: the preview dialog; large: the preview zoomed past what `preview` holds. */
export type ThumbnailSize = 'small' | 'preview' | 'large';

/** How the interface looks: following the system, or fixed. */
export type ThemePreference = 'system' | 'light' | 'dark';

/** An image generation model and how many reference images one request takes. */
export interface GenerationModel {
  id: string;
  name: string;
  maxReferences: number;
  /** Whether the model takes an output size (1K, 2K, 4K). */
  takesImageSize: boolean;
}

/** The generation models the reference tray can prepare references for. */
export const GENERATION_MODELS: readonly GenerationModel[] = [
  { id: 'gemini-2.5-flash-image', name: 'Gemini 2.5 Flash Image', maxReferences: 3, takesImageSize: false },
  { id: 'gemini-3-pro-image-preview', name: 'Gemini 3 Pro Image (preview)', maxReferences: 14, takesImageSize: true },
];

/**
 * The settings as the renderer may see them. The Gemini API key never leaves
 * main: only whether one is set and its last four characters.
 */
export interface SettingsView {
  dataDir: string;
  theme: ThemePreference;
  /** How many results a search asks for. */
  resultLimit: number;
  generationModel: string;
  geminiApiKey: { set: false } | { set: true; last4: string };
  /** Whether GEMINI_API_KEY gave a key, which generation uses when none is saved here. */
  geminiKeyFromEnvironment: boolean;
  /** Where the key is kept: encrypted by the OS (Electron's safeStorage) or in settings.json (serve, CLI). */
  keyStorage: 'os-encrypted' | 'settings-file';
  vectorStore: VectorStoreView;
}

/** An image uploaded to search by example, stored under `<dataDir>/queries/`. */
export interface UploadedImage {
  path: string;
  name: string;
}

// Vector stores: what the settings screen shows and does about where the vectors are searched.

/** A Milvus store's place, as shown to the user: never the token itself. */
export interface MilvusPlace {
  uri: string;
  database: string;
  /** Each model gets the collection `<prefix>_<model>`. */
  collectionPrefix: string;
  /** Whether a token is kept for this server (encrypted by the OS in the desktop app). */
  tokenSet: boolean;
}

/** The store in use, its health as last seen, and what waits in the catalog to reach it. */
export interface VectorStoreView {
  kind: 'embedded' | 'milvus';
  /** Set when kind is `milvus`. */
  milvus?: MilvusPlace;
  /** `unknown` until the store was first reached or failed; `syncing` while changes are being sent. */
  health: 'ok' | 'down' | 'syncing' | 'unknown';
  /** Why the store is down, in words for the user. */
  message?: string;
  /** Changes of the active model not yet accepted by the store (kept in the catalog, never lost). */
  pending: number;
  /** When the next attempt to reach a store that is down is due (ms since the epoch). */
  retryAt?: number;
}

/** The answer of "Test connection": reachable, or why not. */
export type StoreTestResult =
  | { ok: true; serverVersion: string }
  | { ok: false; reason: 'down' | 'auth' | 'tls' | 'invalid' | 'error'; message: string };

/** Progress of a switch to another store: vectors copied so far of one model. */
export interface StoreSwitchProgress {
  jobId: string;
  model: string;
  done: number;
  total: number;
}
