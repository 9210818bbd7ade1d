/**
 * The composition root: builds every core service from the config and wires
 * them together. Electron's main, the CLI and `atelier serve` all start here.
 */
import path from 'node:path';
import type { AtelierHandlers } from '../../shared/contract';
import type { ModelDescriptor } from '../../shared/types';
import { BrowseService } from './browse/browseService';
import { Catalog } from './catalog/catalog';
import { ChangeLog } from './catalog/changeLog';
import { ModelChoice } from './catalog/modelChoice';
import { type ClipEncoder, createEncoderClient } from './clip/encoderClient';
import { EncoderPool } from './clip/encoderPool';
import { preferredProviders } from './clip/providers';
import { type AtelierConfig, MODEL_MANIFEST_FILE, VOCAB_FILE } from './config';
import { createEventBus, type EventBus } from './events';
import { createGeneration } from './generate/createGeneration';
import type { GenerationQueue } from './generate/generationQueue';
import type { GenerationService } from './generate/generationService';
import { createHandlers } from './handlers/createHandlers';
import type { AtelierHost } from './host';
import { LibraryService } from './indexer/libraryService';
import { ModelSwitcher } from './indexer/modelSwitch';
import { WatchService } from './indexer/watchService';
import { ModelService } from './models/modelService';
import { createTextReader, type TextReader } from './ocr/textReader';
import { AutoTagService } from './organize/autoTagService';
import { OrganizeService } from './organize/organizeService';
import { queriesDir } from './queryImages/queryImages';
import { QueryUploads } from './queryImages/queryUploads';
import { DEFAULT_RETENTION } from './queryImages/uploadRetention';
import { SearchService } from './search/searchService';
import { SettingsService } from './settings/settingsService';
import { ThumbnailService } from './thumbnails/thumbnailService';
import { createStore } from './vectors/createStore';
import { readStoreChoice } from './vectors/storeChoice';
import { StoreService } from './vectors/storeService';
import { VectorSync } from './vectors/vectorSync';
import { bundledFfmpeg } from './video/ffmpegBinary';

export type { AtelierHost } from './host';

export interface Atelier {
  readonly config: AtelierConfig;
  readonly events: EventBus;
  readonly catalog: Catalog;
  readonly models: ModelService;
  readonly library: LibraryService;
  /** Folders watched for changes. */
  readonly watches: WatchService;
  readonly settings: SettingsService;
  readonly thumbnails: ThumbnailService;
  readonly generation: GenerationService;
  /** Runs generation jobs; the app starts it with `kick()`, the CLI runs its own job. */
  readonly generationQueue: GenerationQueue;
  /** Keeps the vector store in step with the catalog. */
  readonly vectorSync: VectorSync;
  /** The store as the app manages it: its view, test connection, switching, background sync. */
  readonly storeService: StoreService;
  /** Tags, ratings, notes and collections. */
  readonly organize: OrganizeService;
  /** Tags defined by a description, put on the images that match it. */
  readonly autoTags: AutoTagService;
  /** The active model's encoder, started (and the model downloaded) on first use. */
  encoder(): Promise<ClipEncoder>;
  search(): Promise<SearchService>;
  /** The active model if it can be resolved without a download, else null. */
  activeModel(): Promise<ModelDescriptor | null>;
  /** Switching searches to another model, with the library re-indexed into its space first. */
  readonly switcher: ModelSwitcher;
  readonly handlers: AtelierHandlers;
  /**
   * Starts watching the folders marked as watched (the app and `atelier serve` call
   * it at start; one-shot CLI commands do not), catching up with changes when the model is at hand.
   */
  resumeWatching(): Promise<string[]>;
  /**
   * Resumes the indexing jobs a crash or a kill cut off (the app and `atelier serve` call it at
   * start), when the model is at hand, and makes the palettes still missing in the background;
   * returns the new jobs' ids.
   */
  resumeIndexing(): Promise<string[]>;
  close(): Promise<void>;
}

/** Caches a promise, but forgets a rejected one so the next call tries again. */
function lazy<T>(make: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    if (!pending) {
      const attempt = make();
      pending = attempt;
      attempt.catch(() => {
        if (pending === attempt) pending = null;
      });
    }
    return pending;
  };
}

export function createAtelier(config: AtelierConfig, host: AtelierHost = {}): Atelier {
  // Read before the catalog opens: a damaged store.json must not leave it open.
  const settings = new SettingsService(config.dataDir, host.secrets, Boolean(config.gemini?.apiKey));
  const chosen = config.store ?? readStoreChoice(config.dataDir, settings) ?? { kind: 'embedded' };
  // A token given for this run wins; else the one the app kept for this server (never in store.json).
  const kept = chosen.kind === 'milvus' && !chosen.token ? settings.milvusToken(chosen.uri) : null;
  const storeConfig = kept && chosen.kind === 'milvus' ? { ...chosen, token: kept } : chosen;
  const events = createEventBus();
  const catalog = Catalog.open(path.join(config.dataDir, 'catalog.db'));
  const manifestPath = config.modelManifest ?? path.join(config.resourcesDir, MODEL_MANIFEST_FILE);
  const models = new ModelService(config.dataDir, manifestPath, events, config.modelMirror);

  const encoders = new EncoderPool((model) =>
    createEncoderClient({
      model,
      vocabPath: path.join(config.resourcesDir, VOCAB_FILE),
      providers: config.providers ?? preferredProviders(),
      spawn: config.spawnEncoder,
      ...(config.threadPoolSize ? { threadPoolSize: config.threadPoolSize } : {}),
    }),
  );
  const choice = new ModelChoice(catalog.db);
  // A model given for this run (--model) wins; else the one chosen for this data folder, read anew each
  // time so a switch made by another process takes effect here too; else the manifest's default.
  const activeSpec = () => config.model ?? choice.read().active ?? undefined;
  // Downloads the model on first use; concurrent first calls share one download.
  const ensureActive = lazy(() => models.ensure(activeSpec()));
  const encoder = async () => {
    const resolved = await models.resolve(activeSpec()).catch(() => ensureActive());
    if (config.closeRetiredEncoders) {
      // A model switched away from (here or by another process) frees its encoder at the next search.
      const { pending } = choice.read();
      encoders.retire(new Set(pending ? [resolved.id, pending] : [resolved.id]));
    }
    return encoders.get(resolved);
  };
  let reader: TextReader | null = null;
  const textReader = () => {
    if (!config.spawnOcr || config.readText === false) return null;
    reader ??= createTextReader({ spawn: config.spawnOcr, providers: config.providers ?? preferredProviders() });
    return reader;
  };
  const ffmpeg = config.ffmpeg ?? bundledFfmpeg();
  const changeLog = new ChangeLog(catalog);
  const vectors = new VectorSync(changeLog, createStore(storeConfig, { dataDir: config.dataDir }));
  const organize = new OrganizeService(catalog);
  const search = async () =>
    new SearchService(catalog, await encoder(), vectors, organize, { ffmpeg, sampling: settings.videoSampling() });
  const thumbnails = new ThumbnailService(config.dataDir, catalog, ffmpeg);
  const autoTags = new AutoTagService(catalog, encoder);
  // After each index: the metadata new files carry, then the auto-tags, which new images may pass.
  const library = new LibraryService(
    catalog,
    events,
    encoder,
    config.dataDir,
    textReader,
    async (signal, written) => {
      await organize.readFileMetadata(signal, written ?? undefined);
      if (!signal.aborted) await autoTags.refresh();
    },
    thumbnails,
    () => ({ ffmpeg, sampling: settings.videoSampling() }),
    config.spawnScanner ?? null,
  );
  // Under a new model the auto-tags are scored again in its space. A failure leaves the last run's tags.
  events.on('models.switched', () => void autoTags.refresh().catch(() => undefined));
  const activeModel = () => models.resolve(activeSpec()).catch(() => null);
  const switcher = new ModelSwitcher({
    catalog,
    events,
    vectors,
    active: activeModel,
    ensure: (id) => models.ensure(id),
    resolve: (id) => models.resolve(id),
    encoderFor: (model) => encoders.get(model),
    video: () => ({ ffmpeg, sampling: settings.videoSampling() }),
    ...(config.model ? { fixedModel: config.model } : {}),
  });
  const watches = new WatchService(catalog, library, { debounceMs: config.watchDebounceMs, ignore: [config.dataDir] });
  const stores = new StoreService({
    dataDir: config.dataDir,
    catalog,
    log: changeLog,
    vectors,
    events,
    config: storeConfig,
    tokens: settings,
    activeModel: async () => {
      const model = await activeModel();
      return model ? { id: model.id, dim: model.dim } : null;
    },
  });
  const generation = createGeneration(config, { catalog, events, settings, library, search });
  // Uploads are indexed like generated images; without a model at hand they wait (no download unasked).
  const uploads = new QueryUploads(config.dataDir, () => generation.service.pendingReferences(), DEFAULT_RETENTION, {
    index: async (dir) => (await activeModel()) && library.indexQuietly([dir]),
    forget: (entry) => catalog.deleteFilesAt(entry),
  });
  uploads.prune();
  // Uploads made while no model was at hand are indexed once one is, as the first upload after would.
  models.onInstalled(() => uploads.catchUp());
  events.on('models.switched', () => uploads.catchUp());
  const handlers = createHandlers({
    browse: new BrowseService(catalog, { [queriesDir(config.dataDir)]: 'Uploads' }),
    uploads,
    config,
    host,
    catalog,
    models,
    library,
    watches,
    stores,
    settings,
    thumbnails,
    generation,
    encoder,
    search,
    activeModel,
    switcher,
    vectors,
    organize,
    autoTags,
    events,
  });

  return {
    config,
    events,
    catalog,
    models,
    library,
    watches,
    vectorSync: vectors,
    storeService: stores,
    organize,
    autoTags,
    settings,
    thumbnails,
    generation: generation.service,
    generationQueue: generation.queue,
    encoder,
    search,
    activeModel,
    switcher,
    handlers,
    // A catch-up re-index needs the model: without one installed it would start a download unasked.
    resumeWatching: async () => watches.resume({ catchUp: (await activeModel()) !== null }),
    resumeIndexing: async () => {
      library.backfillPalettes();
      if (!(await activeModel())) return [];
      // Uploads kept while no model was installed (one installed since by another process).
      uploads.catchUp();
      const switchJob = await switcher.resumeInterrupted();
      return [...library.resumeInterrupted(), ...(switchJob ? [switchJob] : [])];
    },
    async close() {
      await library.stopPalettes();
      await uploads.settled();
      await generation.queue.close();
      await watches.close();
      await switcher.close();
      await encoders.close();
      await reader?.close();
      await stores.close();
      await vectors.store.close();
      catalog.close();
    },
  };
}
