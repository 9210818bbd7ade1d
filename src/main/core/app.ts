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
import { type ClipEncoder, createEncoderClient } from './clip/encoderClient';
import { preferredProviders } from './clip/providers';
import { type AtelierConfig, MODEL_MANIFEST_FILE, VOCAB_FILE } from './config';
import { createEventBus, type EventBus } from './events';
import { createGeneration } from './generate/createGeneration';
import type { GenerationQueue } from './generate/generationQueue';
import type { GenerationService } from './generate/generationService';
import { createHandlers } from './handlers/createHandlers';
import type { AtelierHost } from './host';
import { LibraryService } from './indexer/libraryService';
import { WatchService } from './indexer/watchService';
import { ModelService } from './models/modelService';
import { OrganizeService } from './organize/organizeService';
import { QueryUploads } from './queryImages/queryUploads';
import { SearchService } from './search/searchService';
import { SettingsService } from './settings/settingsService';
import { ThumbnailService } from './thumbnails/thumbnailService';
import { createStore } from './vectors/createStore';
import { readStoreChoice } from './vectors/storeChoice';
import { StoreService } from './vectors/storeService';
import { VectorSync } from './vectors/vectorSync';

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
  /** The active model's encoder, started (and the model downloaded) on first use. */
  encoder(): Promise<ClipEncoder>;
  search(): Promise<SearchService>;
  /** The active model if it can be resolved without a download, else null. */
  activeModel(): Promise<ModelDescriptor | null>;
  readonly handlers: AtelierHandlers;
  /**
   * Starts watching the folders marked as watched (the app and `atelier serve` call
   * it at start; one-shot CLI commands do not), catching up with changes when the model is at hand.
   */
  resumeWatching(): Promise<string[]>;
  /**
   * Resumes the indexing jobs a crash or a kill cut off (the app and `atelier serve` call it at
   * start), when the model is at hand; returns the new jobs' ids.
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

  let started: ClipEncoder | null = null;
  const encoder = lazy(async () => {
    started = createEncoderClient({
      model: await models.ensure(config.model),
      vocabPath: path.join(config.resourcesDir, VOCAB_FILE),
      providers: config.providers ?? preferredProviders(),
      spawn: config.spawnEncoder,
      ...(config.threadPoolSize ? { threadPoolSize: config.threadPoolSize } : {}),
    });
    return started;
  });
  const changeLog = new ChangeLog(catalog);
  const vectors = new VectorSync(changeLog, createStore(storeConfig, { dataDir: config.dataDir }));
  const organize = new OrganizeService(catalog);
  const search = lazy(async () => new SearchService(catalog, await encoder(), vectors, organize));
  const library = new LibraryService(catalog, events, encoder, config.dataDir);
  const activeModel = () => models.resolve(config.model).catch(() => null);
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
  const thumbnails = new ThumbnailService(config.dataDir, catalog);
  const generation = createGeneration(config, { catalog, events, settings, library, search });
  const uploads = new QueryUploads(config.dataDir, () => generation.service.pendingReferences());
  uploads.prune();
  const handlers = createHandlers({
    browse: new BrowseService(catalog),
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
    organize,
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
    settings,
    thumbnails,
    generation: generation.service,
    generationQueue: generation.queue,
    encoder,
    search,
    activeModel,
    handlers,
    // A catch-up re-index needs the model: without one installed it would start a download unasked.
    resumeWatching: async () => watches.resume({ catchUp: (await activeModel()) !== null }),
    resumeIndexing: async () => ((await activeModel()) ? library.resumeInterrupted() : []),
    async close() {
      await generation.queue.close();
      await watches.close();
      await started?.close();
      await stores.close();
      await vectors.store.close();
      catalog.close();
    },
  };
}
