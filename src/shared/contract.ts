/**
 * The one declaration of Atelier's API. The IPC handlers in main, the preload
 * bridge, the renderer's client and the HTTP/WebSocket transport are all derived
 * from this object, so a signature is written exactly once.
 *
 * Inputs are zod schemas: every transport validates them at its edge, because the
 * renderer is untrusted. Outputs and event payloads are types only (they come from
 * our own code).
 */
import { z } from 'zod';
import { BROWSE_SORTS, type BrowsePage, type FolderNode, type LibraryImage } from './browse';
import {
  ASPECT_RATIOS,
  type GalleryPage,
  type GenerationJob,
  IMAGE_SIZES,
  type Provenance,
  THINKING_LEVELS,
} from './generation';
import { isLanguageTag } from './languageTag';
import type {
  AutoTagPreview,
  AutoTagView,
  CollectionSummary,
  CollectionView,
  ImageMarks,
  ReviewGroup,
  StackView,
  TagCount,
} from './organize';
import type { PromptTemplate } from './promptTemplates';
import type { SpendingSummary } from './spending';
import type {
  DownloadProgress,
  GenerationModel,
  IndexProgress,
  IndexSummary,
  LibraryStatus,
  ModelFacts,
  ModelStatus,
  ModelSwitchStart,
  ModelSwitchView,
  PaletteColor,
  ProviderReport,
  SearchResults,
  SettingsView,
  SkippedFile,
  StoreSwitchProgress,
  StoreTestResult,
  UploadedImage,
  VectorStoreView,
} from './types';
import { MAX_UPLOAD_BYTES } from './uploads';

/** A method: its input schema and (as a phantom type) its output. */
export interface MethodSpec<I extends z.ZodType, O> {
  readonly input: I;
  readonly output?: O;
}

function method<O>() {
  return <I extends z.ZodType>(input: I): MethodSpec<I, O> => ({ input });
}

/** An event: a phantom type for its payload. */
export interface EventSpec<P> {
  readonly payload?: P;
}

function event<P>(): EventSpec<P> {
  return {};
}

const none = z.object({}).strict();
const absolutePath = z.string().min(1).max(4096);
const jobRef = z.object({ jobId: z.string().min(1).max(100) }).strict();
/**
 * An upload's base64, up to a quarter over the limit: the handler then refuses
 * it naming the file and its size; beyond that the transport refuses it unread.
 */
export const MAX_UPLOAD_BASE64 = Math.ceil((MAX_UPLOAD_BYTES * 1.25) / 3) * 4;

// Organize: tags, ratings, notes and collections. Names are checked once more by the core, which
// refuses commas in tags and names of only spaces with a message of its own.
const organizeLabel = z.string().min(1).max(400);
const organizePaths = z.array(absolutePath).min(1).max(10_000);
/** The files a desktop file action is for: one result, or a selection. */
const filePaths = z.array(absolutePath).min(1).max(10_000);

/** An auto-tag's definition: a description, example images, the similarity an image needs. */
const autoTagFields = {
  prompt: z.string().min(1).max(1000),
  examples: z.array(absolutePath).max(20).optional(),
  threshold: z.number().gt(0).max(1).optional(),
};

/** Filters by what people attached to images; every one given must hold. */
export const organizeFilterFields = {
  /** Only images with all of these tags (case-insensitive). */
  tags: z.array(organizeLabel).max(50).optional(),
  /** Only images rated at least this. */
  minRating: z.number().int().min(0).max(5).optional(),
  /** Only images in this collection. */
  collection: organizeLabel.optional(),
  /** Only images with no tag. */
  untagged: z.boolean().optional(),
};

/** `#rrggbb` or `#rgb`, the `#` optional. */
const HEX_COLOR = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i;

export const searchFilters = z
  .object({
    ...organizeFilterFields,
    /** Only images under these folders. */
    folders: z.array(absolutePath).max(100).optional(),
    /** Only these formats, as sharp names them (jpeg, png, webp, gif, tiff, avif, heif, bmp). */
    formats: z.array(z.string().min(1).max(16)).max(20).optional(),
    /**
     * Only images whose palette holds every one of these colours (`#rrggbb`); with no text and no
     * image, results are ranked by how much of them each image holds.
     */
    colors: z
      .array(z.string().regex(HEX_COLOR, { message: 'Not a colour: give a hex colour such as #c8102e' }))
      .max(8)
      .optional(),
    /** How far (ΔE2000) a palette colour may be from one asked for (default 20). */
    colorDistance: z.number().gt(0).max(100).optional(),
  })
  .strict();

export const searchQuery = z
  .object({
    /** Free text; ` - term` subtracts a term and ` + term` adds one. */
    text: z.string().max(2000).optional(),
    /** Example images; each adds its vector. */
    images: z.array(absolutePath).max(16).optional(),
    /** Texts to steer away from. */
    negatives: z.array(z.string().min(1).max(500)).max(16).optional(),
    /** Weight of the image part against the text part (default 1 each). */
    imageWeight: z.number().min(0).max(10).optional(),
    limit: z.number().int().min(1).max(100_000).optional(),
    filters: searchFilters.optional(),
    /**
     * How a text is searched: `hybrid` (default) ranks by the vectors and the text index at once,
     * `visual` by the vectors alone, `text` by the text index alone (names, folders, the text read
     * in images, prompts, tags, notes). A search by example images alone is always visual.
     */
    mode: z.enum(['hybrid', 'visual', 'text']).optional(),
    /**
     * The text's language (`zh-CN`, `ja`): models that read it (NLLB-SigLIP) get its FLORES-200 code
     * before the text, as Immich does; the others ignore it. None: the text goes alone.
     */
    language: z
      .string()
      .refine(isLanguageTag, { message: 'Not a language tag: give one such as zh-CN or ja' })
      .optional(),
  })
  .strict();

export type SearchMode = NonNullable<z.infer<typeof searchQuery>['mode']>;
export type SearchQuery = z.infer<typeof searchQuery>;

export const generationInput = z
  .object({
    prompt: z.string().trim().min(1).max(10_000),
    /** Reference images, in the order the prompt names them ("image 1"). */
    references: z.array(absolutePath).max(14).optional(),
    /** Also take the library's K best matches for the prompt, near-duplicates left out. */
    autoReferences: z.number().int().min(0).max(14).optional(),
    /** A Gemini image model; default: the one chosen in the settings. */
    model: z.string().min(1).max(100).optional(),
    aspectRatio: z.enum(ASPECT_RATIOS).optional(),
    imageSize: z.enum(IMAGE_SIZES).optional(),
    /** For the models that take one (imageModels.ts); the service refuses options a model does not take. */
    thinkingLevel: z.enum(THINKING_LEVELS).optional(),
    /** How many images (that many parallel calls). */
    count: z.number().int().min(1).max(8).optional(),
    /**
     * Continues the conversation that made this image, the prompt being the instruction; an image
     * without one (a library image) starts a conversation from it.
     */
    edit: absolutePath.optional(),
    /** Through the Batch API: half the price, results within a day. */
    batch: z.boolean().optional(),
  })
  .strict();

export type GenerationInput = z.infer<typeof generationInput>;

const templateName = z.string().trim().min(1).max(100);

/** A generation whose prompt is a template filled with `vars`; the references fill its `{image N}`. */
export const templateGenerationInput = generationInput
  .omit({ prompt: true })
  .extend({ template: templateName, vars: z.record(z.string().max(100), z.string().max(2000)) })
  .strict();

export type TemplateGenerationInput = z.infer<typeof templateGenerationInput>;

/** A template as the app saves it: `defaults` fill the placeholders left empty. */
const templateInput = z
  .object({
    name: templateName,
    description: z.string().max(1000),
    prompt: z.string().min(1).max(10_000),
    defaults: z.record(z.string().max(100), z.string().max(2000)),
  })
  .strict();

/** Where a Milvus server is; `token` left out means the one kept for this URI, `''` means none. */
export const milvusTarget = z
  .object({
    uri: z.string().trim().min(1).max(2000),
    token: z.string().trim().max(1000).optional(),
    database: z.string().trim().max(255).optional(),
    collection: z.string().trim().max(200).optional(),
  })
  .strict();

/** The store to switch to: this machine's embedded index, or a Milvus server. */
export const storeTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('embedded') }).strict(),
  milvusTarget.extend({ kind: z.literal('milvus') }).strict(),
]);

export type MilvusTarget = z.infer<typeof milvusTarget>;
export type StoreTarget = z.infer<typeof storeTarget>;

// Browsing the library without a query: part of the `library` service.

export const browseInput = z
  .object({
    /** A library folder or one inside it (its subfolders included); all of the library when left out. */
    folder: absolutePath.optional(),
    /** Default `added`. */
    sort: z.enum(BROWSE_SORTS).optional(),
    /** Default: newest and largest first, names from A. */
    order: z.enum(['asc', 'desc']).optional(),
    /** Fixes the `random` shuffle, so that pages follow on (default 0). */
    seed: z.number().int().min(0).max(2_147_483_647).optional(),
    /** Default 100. */
    limit: z.number().int().min(1).max(10_000).optional(),
    offset: z.number().int().min(0).optional(),
    ...organizeFilterFields,
  })
  .strict();

export type BrowseInput = z.infer<typeof browseInput>;

const modelRef = z.object({ id: z.string().min(1).max(200) }).strict();

const libraryBrowsing = {
  /** A page of the library's images, with how many the whole listing has. */
  browse: method<BrowsePage>()(browseInput),
  /** The library's folders, nested as on disk, each with how many images it holds (subfolders included). */
  folders: method<FolderNode[]>()(none),
};

export const contract = {
  library: {
    /** Folders, counts and per-model vector counts. */
    status: method<LibraryStatus>()(none),
    /** Starts indexing these folders (adding them to the library); progress comes as `library.progress`. */
    index: method<{ jobId: string }>()(z.object({ folders: z.array(absolutePath).min(1).max(100) }).strict()),
    /** Stops an indexing job after the batch in flight; what was committed stays. */
    cancel: method<{ cancelled: boolean }>()(jobRef),
    /**
     * Turns watching a library folder for changes on or off; the choice is kept and
     * resumed when the app starts. Turning it on re-indexes the folder once.
     */
    watch: method<{ watching: boolean }>()(z.object({ path: absolutePath, watch: z.boolean() }).strict()),
    /** Forgets a folder and every file under it (the files on disk are untouched). */
    removeFolder: method<{ removed: number }>()(z.object({ path: absolutePath }).strict()),
    /** The files of one folder the indexer could not use, with the reason (at most `limit`, default 500). */
    skipped: method<SkippedFile[]>()(
      z.object({ folder: absolutePath, limit: z.number().int().min(1).max(10_000).optional() }).strict(),
    ),
    /** Asks the user for a folder with the OS's picker; `null` when cancelled. Electron only: elsewhere it fails. */
    pickFolder: method<{ path: string | null }>()(none),
    ...libraryBrowsing,
  },
  search: {
    /** By text, example images or both; by colours alone when `filters.colors` is all there is. */
    query: method<SearchResults>()(searchQuery),
    /** An image's main colours with their shares, largest first; null when none was made for it yet. */
    palette: method<PaletteColor[] | null>()(z.object({ path: absolutePath }).strict()),
    /**
     * What looks like an image or a video, under the same filters as `query` (colours only filter
     * here); `time` (seconds) takes a video's frame nearest it, else all its frames.
     */
    similar: method<SearchResults>()(
      z
        .object({
          path: absolutePath,
          limit: z.number().int().min(1).max(100_000).optional(),
          filters: searchFilters.optional(),
          time: z.number().min(0).max(1e7).optional(),
        })
        .strict(),
    ),
    /**
     * Stores an image the user dropped or pasted (it has no path the app may read) under
     * `<dataDir>/queries/`, named by its content's hash, and returns the path to pass to
     * `query`'s `images`. Only images (told by their bytes) of at most 50 MB; the name is only shown.
     * Uploads unused for a while are removed (see README).
     */
    uploadImage: method<UploadedImage>()(
      z
        .object({
          name: z.string().min(1).max(255),
          /** The file's bytes, base64; at most MAX_UPLOAD_BYTES once decoded. */
          base64: z
            .string()
            .min(1)
            .max(MAX_UPLOAD_BASE64, { message: `Image too large (limit ${MAX_UPLOAD_BYTES / 1024 / 1024} MB)` }),
        })
        .strict(),
    ),
  },
  /**
   * What the desktop app can do with a result's file through the OS. Only for
   * images of the library (or generated ones); under `atelier serve` each fails
   * with a message saying so, and the renderer hides them there.
   */
  files: {
    /** Shows the files in the OS file manager, one window per folder (at most MAX_FOLDERS_SHOWN). */
    showInFolder: method<null>()(z.object({ paths: filePaths }).strict()),
    /** Opens each file with the OS's default app for its type (at most MAX_OPENED). */
    open: method<null>()(z.object({ paths: filePaths }).strict()),
    /**
     * Starts dragging the files out to other apps, all in one drag (call it from a
     * `dragstart`), the first one's thumbnail as the drag image.
     */
    startDrag: method<null>()(z.object({ paths: filePaths }).strict()),
  },
  models: {
    /** Registry and imported models, with their facts, their vectors' size and which is in use. */
    list: method<ModelStatus[]>()(none),
    /** Starts downloading a registry model; progress comes as `models.downloadProgress`. */
    download: method<{ jobId: string }>()(modelRef),
    import: method<ModelFacts>()(z.object({ path: absolutePath }).strict()),
    provider: method<ProviderReport | null>()(none),
    /**
     * Switches searches to another model: downloads it if need be, then re-indexes the library into
     * its vector space in the background (progress as `models.switchProgress`); searches keep using
     * the current model until the new one covers the library, then move to it (`models.switched`).
     * Choosing the active model again cancels a switch in progress.
     */
    use: method<ModelSwitchStart>()(modelRef),
    /** The switch in progress, or null. */
    switchStatus: method<ModelSwitchView | null>()(none),
    /** Pauses the switch's re-index after the batch in flight; what is done stays. */
    pauseSwitch: method<ModelSwitchView | null>()(none),
    resumeSwitch: method<ModelSwitchView | null>()(none),
    /** Gives up the switch: searches stay on the current model; the new model's vectors made so far stay. */
    cancelSwitch: method<{ cancelled: boolean }>()(none),
    /** Deletes a model's vectors (not the model); refused for the active model and the one being switched to. */
    removeVectors: method<{ removed: number }>()(modelRef),
  },
  generate: {
    /** Queues a generation; its progress comes as `generate.job` events. Fails at once without an API key. */
    start: method<GenerationJob>()(generationInput),
    /** The newest jobs first (at most `limit`, default 50). */
    jobs: method<GenerationJob[]>()(z.object({ limit: z.number().int().min(1).max(1000).optional() }).strict()),
    cancel: method<{ cancelled: boolean }>()(jobRef),
    /** Ends a waiting job's wait (for the network, or a backoff) and tries it at once. */
    retryNow: method<{ retried: boolean }>()(jobRef),
    /** Queues a job again with the same prompt, references and parameters. */
    again: method<GenerationJob>()(jobRef),
    /** How a generated image was made; null for an image Atelier did not make. */
    provenance: method<Provenance | null>()(z.object({ path: absolutePath }).strict()),
    /** Every generated image, newest first; `filter`'s words must all be in the prompt or the model. */
    gallery: method<GalleryPage>()(
      z
        .object({
          filter: z.string().max(500).optional(),
          limit: z.number().int().min(1).max(1000).optional(),
          offset: z.number().int().min(0).optional(),
        })
        .strict(),
    ),
    /** The image models: listed by the API when online, else those Atelier knows. */
    models: method<GenerationModel[]>()(none),
    /** Prompts used before, most recent first, each once; `query` keeps those containing it (any case). */
    prompts: method<string[]>()(
      z.object({ query: z.string().max(500).optional(), limit: z.number().int().min(1).max(1000).optional() }).strict(),
    ),
    /** Estimated spending per day and month, from the price table (see imageModels.ts). */
    spending: method<SpendingSummary>()(none),
    /** Fills a template and queues it like `start`; an unknown placeholder or a missing value is refused by name. */
    fromTemplate: method<GenerationJob>()(templateGenerationInput),
  },
  /** Named prompts with placeholders, kept in the data folder. */
  templates: {
    /** Every template, in the order they were made. */
    list: method<PromptTemplate[]>()(none),
    /** Adds a template, or replaces the one named `replacing`; refused when the name is taken or a placeholder is bad. */
    save: method<PromptTemplate>()(z.object({ template: templateInput, replacing: templateName.optional() }).strict()),
    /** A copy named "<name> copy". */
    duplicate: method<PromptTemplate>()(z.object({ name: templateName }).strict()),
    remove: method<{ removed: boolean }>()(z.object({ name: templateName }).strict()),
  },
  settings: {
    /** The settings, with the API key reduced to its last four characters. */
    get: method<SettingsView>()(none),
    /** Changes some settings; `geminiApiKey: null` forgets the key. Returns the new view. */
    update: method<SettingsView>()(
      z
        .object({
          theme: z.enum(['system', 'light', 'dark']).optional(),
          resultLimit: z.number().int().min(20).max(100_000).optional(),
          videoInterval: z.number().min(0.5).max(3600).optional(),
          videoMaxFrames: z.number().int().min(1).max(1000).optional(),
          generationModel: z.string().min(1).max(100).optional(),
          geminiApiKey: z.string().trim().min(8).max(200).nullable().optional(),
        })
        .strict(),
    ),
  },
  store: {
    /** The store in use, its last seen health and the changes waiting to reach it. */
    status: method<VectorStoreView>()(none),
    /** Tries a Milvus server (connect, credentials, health) without changing anything. */
    test: method<StoreTestResult>()(milvusTarget),
    /**
     * Copies every vector to another store (nothing is re-embedded), saves the choice and uses it
     * from then on; progress comes as `store.switchProgress`, the end as `store.switched` or
     * `store.switchFailed` (the current store is then kept).
     */
    switch: method<{ jobId: string }>()(storeTarget),
  },
  /** Tags, ratings, notes and collections: they belong to the file and follow it through moves and edits. */
  organize: {
    /** What is attached to an image; null for a file the library does not hold. */
    marks: method<ImageMarks | null>()(z.object({ path: absolutePath }).strict()),
    /** Tags the images; returns how many did not have the tag yet. */
    addTag: method<{ changed: number }>()(z.object({ tag: organizeLabel, paths: organizePaths }).strict()),
    /** Takes a tag off the images; returns how many had it. */
    removeTag: method<{ changed: number }>()(z.object({ tag: organizeLabel, paths: organizePaths }).strict()),
    /** Every tag in use with its count, by name: the suggestions for the tag field. */
    tags: method<TagCount[]>()(none),
    /** Rates the images 0 (none) to 5 stars. */
    rate: method<null>()(z.object({ rating: z.number().int().min(0).max(5), paths: organizePaths }).strict()),
    /** Sets an image's note; an empty one clears it. */
    setNote: method<null>()(z.object({ path: absolutePath, note: z.string().max(10_000) }).strict()),
    collections: method<CollectionSummary[]>()(none),
    /** A collection's images in order. */
    collection: method<CollectionView>()(z.object({ name: organizeLabel }).strict()),
    /** Fails when a collection of that name (compared case-insensitively) exists. */
    createCollection: method<CollectionSummary>()(z.object({ name: organizeLabel }).strict()),
    addToCollection: method<{ changed: number }>()(z.object({ name: organizeLabel, paths: organizePaths }).strict()),
    removeFromCollection: method<{ changed: number }>()(
      z.object({ name: organizeLabel, paths: organizePaths }).strict(),
    ),
    /** Fails when another collection has the new name (compared case-insensitively). */
    renameCollection: method<CollectionSummary>()(z.object({ name: organizeLabel, to: organizeLabel }).strict()),
    /** Deletes the collection; its images stay in the library. */
    deleteCollection: method<null>()(z.object({ name: organizeLabel }).strict()),
    /** Moves images of the collection to just before `before` (another of its images), or to its end when null. */
    reorderCollection: method<null>()(
      z.object({ name: organizeLabel, paths: organizePaths, before: absolutePath.nullable() }).strict(),
    ),
    /**
     * Exact copies and look-alikes (cosine similarity at least `threshold`, default 0.985) under the
     * active model, each image with its resolution, size, format, date and folder.
     */
    duplicates: method<{ groups: ReviewGroup[]; threshold: number }>()(
      z.object({ threshold: z.number().gt(0).max(1).optional() }).strict(),
    ),
    /**
     * Stacks the images under `cover`: browse and search show the cover alone, with how many it hides.
     * An image already in a stack brings that stack along (stacks merge).
     */
    stack: method<StackView>()(z.object({ cover: absolutePath, paths: organizePaths }).strict()),
    /** Dissolves the stack the image is in; every member shows again. */
    unstack: method<StackView>()(z.object({ path: absolutePath }).strict()),
    /** The stack an image is in, its members (the cover first) as browse lists them; null when in none. */
    stackOf: method<{ cover: string; members: LibraryImage[] } | null>()(z.object({ path: absolutePath }).strict()),
    /** Moves library images to the system trash (never a hard delete); they leave the library. */
    moveToTrash: method<{ moved: string[] }>()(z.object({ paths: organizePaths }).strict()),
    /** The auto-tags defined, each with how many images it tags now. */
    autoTags: method<AutoTagView[]>()(none),
    /** Defines (or redefines) an auto-tag and runs it over the library; returns how many images it tagged. */
    defineAutoTag: method<{ count: number }>()(z.object({ tag: organizeLabel, ...autoTagFields }).strict()),
    /** What a definition would tag at its threshold, tagging nothing: for tuning it live. */
    previewAutoTag: method<AutoTagPreview>()(
      z.object({ ...autoTagFields, limit: z.number().int().min(1).max(200).optional() }).strict(),
    ),
    /** Forgets the auto-tag and takes it off every image it tagged (tags the user gave stay). */
    removeAutoTag: method<{ removed: number }>()(z.object({ tag: organizeLabel }).strict()),
    /** A page of a collection's images in its order, as browse lists them. */
    collectionPage: method<BrowsePage>()(
      z
        .object({
          name: organizeLabel,
          limit: z.number().int().min(1).max(10_000).optional(),
          offset: z.number().int().min(0).optional(),
        })
        .strict(),
    ),
  },
} as const;

export const events = {
  'library.progress': event<IndexProgress>(),
  /** `quiet`: a background index nobody asked for (see IndexProgress). */
  'library.indexed': event<{ jobId: string; summary: IndexSummary; quiet?: true }>(),
  'library.failed': event<{ jobId: string; message: string; quiet?: true }>(),
  'models.downloadProgress': event<DownloadProgress>(),
  'models.downloaded': event<{ jobId: string; model: ModelFacts }>(),
  'models.failed': event<{ jobId: string; message: string }>(),
  /** A switch's re-index moved on (or paused). */
  'models.switchProgress': event<ModelSwitchView>(),
  /** Searches now use `model`. */
  'models.switched': event<{ model: string }>(),
  /** A switch's re-index failed; searches stay on the current model. */
  'models.switchFailed': event<{ model: string; message: string }>(),
  /** A generation job changed state (queued, running, retrying, succeeded, failed, cancelled). */
  'generate.job': event<GenerationJob>(),
  /** The store's health or pending count changed (a sync ran, failed, or a retry is due). */
  'store.status': event<VectorStoreView>(),
  'store.switchProgress': event<StoreSwitchProgress>(),
  'store.switched': event<{ jobId: string; store: VectorStoreView }>(),
  'store.switchFailed': event<{ jobId: string; message: string }>(),
  /** A look at the duplicates is searching new images' neighbours: `done` of `total` steps. */
  'organize.duplicatesProgress': event<{ done: number; total: number }>(),
} as const;

type Contract = typeof contract;
export type ServiceName = keyof Contract;
export type MethodName<S extends ServiceName> = keyof Contract[S] & string;
export type EventName = keyof typeof events;

type InputOf<M> = M extends MethodSpec<infer I, unknown> ? z.input<I> : never;
type OutputOf<M> = M extends MethodSpec<z.ZodType, infer O> ? O : never;
export type EventPayload<E extends EventName> = (typeof events)[E] extends EventSpec<infer P> ? P : never;

/** The API as a caller sees it: `api.search.query({ text })`. Every method is async. */
export type AtelierApi = {
  [S in ServiceName]: {
    [M in MethodName<S>]: (input: InputOf<Contract[S][M]>) => Promise<OutputOf<Contract[S][M]>>;
  };
} & {
  /** Subscribes to an event; returns the function that unsubscribes. */
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** What main implements: the same methods, with inputs already validated; a result may be immediate. */
export type AtelierHandlers = {
  [S in ServiceName]: {
    [M in MethodName<S>]: (
      input: z.output<Extract<Contract[S][M], MethodSpec<z.ZodType, unknown>>['input']>,
    ) => OutputOf<Contract[S][M]> | Promise<OutputOf<Contract[S][M]>>;
  };
};

/** Every `service.method` channel name, derived from the contract. */
export function channels(): Array<{ service: ServiceName; method: string; channel: string }> {
  const out: Array<{ service: ServiceName; method: string; channel: string }> = [];
  for (const service of Object.keys(contract) as ServiceName[]) {
    for (const name of Object.keys(contract[service])) {
      out.push({ service, method: name, channel: `atelier:${service}.${name}` });
    }
  }
  return out;
}

/** Validates an input for `service.method`; throws a ZodError with a readable message. */
export function parseInput(service: string, name: string, input: unknown): unknown {
  const svc = (contract as Record<string, Record<string, MethodSpec<z.ZodType, unknown>>>)[service];
  const spec = svc?.[name];
  if (!spec) throw new Error(`Unknown method ${service}.${name}`);
  return spec.input.parse(input ?? {});
}

export const EVENT_CHANNEL = 'atelier:event';
