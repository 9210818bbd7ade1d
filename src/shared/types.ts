/**
 * Domain types shared by every process. No Node, no Electron, no DOM: this file
 * is compiled for both the main process and the renderer.
 */
import type { StackBadge } from './browse';
import type { AspectRatio, ImageSize, ThinkingLevel } from './generation';

/** One image found by a search, best first. Paths are absolute. */
export interface SearchHit {
  path: string;
  /**
   * How well it matches, higher first: the cosine similarity of the query and image vectors in a
   * visual search, the reciprocal rank fusion of the visual and text rankings in a hybrid one, BM25
   * in a text-only one; searching by colours alone, how much of the picture is near the colour it
   * holds least of, in (0, 1].
   */
  score: number;
  width: number;
  height: number;
  format: string;
  /** Why it matched; absent where nothing is known (a plain visual search says only `visual`). */
  matches?: SearchMatches;
  /** A video: the time in seconds of its frame that matches best (where the preview starts playing). */
  time?: number;
  /** A video: its length in seconds. */
  duration?: number;
  /** A video: the times of its frames that match nearly as well as the best, ascending (the timeline's markers). */
  times?: number[];
  /** A stack's cover: how many images it hides. */
  stack?: StackBadge;
}

/** What a text query found in an image and the words around it. */
export interface TextMatches {
  /** A snippet of the text read in the image, around the words found. */
  text?: string;
  /** A snippet of the prompt that generated it. */
  prompt?: string;
  /** A snippet of its note. */
  note?: string;
  name?: true;
  folder?: true;
  tag?: true;
  /** The words as the image's text has them (case, accents), for highlighting. */
  found?: string[];
}

export interface SearchMatches extends TextMatches {
  /** Cosine similarity of the query and image vectors. */
  visual?: number;
}

/** One of an image's main colours and the share of the picture it covers (a palette's shares sum to 1). */
export interface PaletteColor {
  /** `#rrggbb`. */
  hex: string;
  share: number;
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

/**
 * `waiting`: another Atelier process (or job) is indexing one of the folders; this job starts when it ends.
 * `reading`: every image has its vector, and the text in the images is being read.
 */
export type IndexPhase = 'waiting' | 'scanning' | 'hashing' | 'embedding' | 'reading' | 'done';

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
  /**
   * A background index nobody asked for (an upload's): the app follows the library's counts but
   * shows no progress or summary of it.
   */
  quiet?: true;
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

/** How a model's files are laid out: Hugging Face's ONNX exports, or Immich's. */
export type ModelLayout = 'huggingface' | 'immich';

/** What is known of a model without looking at the library: its install and its published facts. */
export type LanguagesSource = 'registry' | 'config' | 'unknown';

export interface ModelFacts {
  id: string;
  name: string;
  installed: boolean;
  /** Total bytes to download for a registry model. */
  sizeBytes?: number;
  dir?: string;
  source: 'registry' | 'imported';
  layout: ModelLayout;
  /** Embedding width; null for an imported model whose folder is gone. */
  dim: number | null;
  /** The weights' licence as its publisher states it; absent when not known (an imported model). */
  license?: string;
  /**
   * Languages a query may be written in: ISO 639-1 codes, or `mul` (many languages) for a
   * multilingual text tower whose list its configuration does not give; empty when not known.
   */
  languages: string[];
  /** Where `languages` comes from: the registry, the model folder's configuration, or nowhere. */
  languagesFrom: LanguagesSource;
  /** Text-to-image recall (%) on Crossmodal-3600 as Immich publishes it, where a figure applies. */
  recall?: number;
}

/** A model as the picker shows it: its facts, and its place in this library. */
export interface ModelStatus extends ModelFacts {
  /** Bytes this model's vectors take on disk: in the catalog, plus the embedded store's files. */
  bytes: number;
  /** The model searches use now. */
  active: boolean;
  /** The model the library is being re-indexed into; searches move to it once it has caught up. */
  pending: boolean;
}

/** What `models.use` started: a re-index job, or nothing when the model could be used at once. */
export interface ModelSwitchStart {
  model: string;
  /** The re-index job; absent when the switch took effect at once (an empty library, or the active model). */
  jobId?: string;
  /** Whether searches use `model` already. */
  switched: boolean;
}

/** A switch to another model in progress: the library re-indexed into its vector space. */
export interface ModelSwitchView {
  /** The model being switched to. */
  model: string;
  /** The running job in this process, if it runs here. */
  jobId?: string;
  /** Paused by the user: nothing resumes it but a resume or choosing the model again. */
  paused: boolean;
  /** Library files with a vector of the new model, out of all. */
  done: number;
  total: number;
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
  /** The model a switch is re-indexing into; searches keep using `model` until it has caught up. */
  pendingModel?: string;
  /** How far that re-index is: library files with a vector of the pending model, out of all. */
  reindex?: { done: number; total: number; paused: boolean };
  /** Where the model runs (cpu, cuda, …) and why a better provider was passed over; null without a model. */
  provider: ProviderReport | null;
  /** The languages the model in use understands (as `ModelFacts.languages`); empty when not known. */
  modelLanguages: string[];
  folders: LibraryFolder[];
  files: number;
  embeddings: Record<string, number>;
  skipped: number;
  /** Images (by content) in the library, and how many the current OCR model has read (or failed to). */
  ocr: { done: number; total: number };
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

/** An image generation model and what one request to it may ask for (the table is in imageModels.ts). */
export interface GenerationModel {
  id: string;
  name: string;
  maxReferences: number;
  /** Whether the model takes an output size: `imageSizes` is not empty. */
  takesImageSize: boolean;
  /** The output sizes it takes, smallest first; empty: it makes one size. */
  imageSizes: readonly ImageSize[];
  /** The size it makes when none is asked for. */
  defaultSize?: ImageSize;
  aspectRatios: readonly AspectRatio[];
  /** The thinking levels it takes; empty: none can be chosen. */
  thinkingLevels: readonly ThinkingLevel[];
  /** US dollars per output image, by size (`default` for a model with one size); null: not known. */
  pricePerImageUsd: Partial<Record<ImageSize | 'default', number>> | null;
}

/**
 * The settings as the renderer may see them. The Gemini API key never leaves
 * main: only whether one is set and its last four characters.
 */
export interface SettingsView {
  dataDir: string;
  theme: ThemePreference;
  /** How many results a search asks for. */
  resultLimit: number;
  /** Indexing keeps at least one frame of a video every this many seconds (beside its cuts). */
  videoInterval: number;
  /** Indexing keeps at most this many frames of one video. */
  videoMaxFrames: number;
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
