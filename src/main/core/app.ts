/**
 * The composition root: builds every core service from the config and wires
 * them together. Electron's main, the CLI and `atelier serve` all start here.
 */
import path from 'node:path';
import type { AtelierHandlers } from '../../shared/contract';
import type { ModelDescriptor } from '../../shared/types';
import { Catalog } from './catalog/catalog';
import { createEncoderClient, type ClipEncoder } from './clip/encoderClient';
import { preferredProviders } from './clip/providers';
import { MODEL_MANIFEST_FILE, VOCAB_FILE, type AtelierConfig } from './config';
import { createEventBus, type EventBus } from './events';
import { createGeneration } from './generate/createGeneration';
import type { GenerationQueue } from './generate/generationQueue';
import type { GenerationService } from './generate/generationService';
import { fileActions, type DesktopShell } from './files/fileActions';
import { LibraryService } from './indexer/libraryService';
import { WatchService } from './indexer/watchService';
import { ModelService } from './models/modelService';
import { checkAllowedImage } from './queries/allowedImages';
import { storeQueryImage } from './queries/queryImages';
import { SearchService } from './search/searchService';
import type { SecretCipher } from './settings/secrets';
import { SettingsService } from './settings/settingsService';
import { ThumbnailService } from './thumbnails/thumbnailService';

/** What the runtime around the core adds: Electron's folder picker, safeStorage and shell. */
export interface AtelierHost {
  pickFolder?: () => Promise<string | null>;
  secrets?: SecretCipher;
  shell?: DesktopShell;
}
import { ChangeLog } from './catalog/changeLog';
import { createStore } from './vectors/createStore';
import { readStoreChoice } from './vectors/storeChoice';
import { StoreService } from './vectors/storeService';
import { VectorSync } from './vectors/vectorSync';

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
  readonly vectors: VectorSync;
  /** The store as the app manages it: its view, test connection, switching, background sync. */
  readonly stores: StoreService;
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
  const chosen = config.store ?? readStoreChoice(config.dataDir) ?? { kind: 'embedded' };
  const settings = new SettingsService(config.dataDir, host.secrets);
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
    });
    return started;
  });
  const vectors = new VectorSync(new ChangeLog(catalog), createStore(storeConfig, { dataDir: config.dataDir }));
  const search = lazy(async () => new SearchService(catalog, await encoder(), vectors));
  const library = new LibraryService(catalog, events, encoder, config.dataDir);
  const activeModel = () => models.resolve(config.model).catch(() => null);
  const watches = new WatchService(catalog, library, { debounceMs: config.watchDebounceMs, ignore: [config.dataDir] });
  const stores = new StoreService({
    dataDir: config.dataDir,
    catalog,
    log: new ChangeLog(catalog),
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
  // The API reads only images the library, the search box or generation put there; the CLI is not limited.
  const allowedExample = (file: string) => checkAllowedImage(file, thumbnails.roots(), 'search by');
  const allowedImage = (file: string) => checkAllowedImage(file, thumbnails.roots(), 'use');

  const handlers: AtelierHandlers = {
    library: {
      status: async () => {
        const model = await activeModel();
        return library.status(model?.id ?? null, model ? await (await encoder()).ready() : null);
      },
      index: ({ folders }) => library.start(folders),
      cancel: ({ jobId }) => ({ cancelled: library.cancel(jobId) }),
      watch: ({ path: folder, watch }) => watches.set(folder, watch),
      removeFolder: ({ path: folder }) => {
        watches.forget(folder);
        const removed = library.removeFolder(folder);
        stores.changed();
        return { removed };
      },
      skipped: ({ folder, limit = 500 }) => {
        const root = catalog.root(folder);
        return root
          ? catalog
              .skippedUnder(root.id)
              .slice(0, limit)
              .map(({ path: p, reason }) => ({ path: p, reason }))
          : [];
      },
      pickFolder: async () => {
        if (!host.pickFolder) throw new Error('This window cannot open a folder picker: type the folder’s path.');
        return { path: await host.pickFolder() };
      },
    },
    search: {
      query: async (query) => {
        const images = await Promise.all((query.images ?? []).map(allowedExample));
        return (await search()).search({ ...query, images });
      },
      similar: async ({ path: file, limit }) => (await search()).similar(await allowedExample(file), limit),
      uploadImage: ({ name, base64 }) => storeQueryImage(config.dataDir, name, base64),
    },
    files: fileActions(host.shell, thumbnails, config.dataDir),
    models: {
      list: () => models.list(),
      download: ({ id }) => models.startDownload(id),
      import: ({ path: folder }) => models.import(folder),
      provider: async () => ((await activeModel()) ? (await encoder()).ready() : null),
    },
    generate: {
      start: async (input) => {
        for (const ref of input.references ?? []) await allowedImage(ref);
        const job = await generation.service.start(input);
        generation.queue.kick();
        return job;
      },
      jobs: ({ limit }) => generation.service.jobs(limit),
      cancel: ({ jobId }) => ({ cancelled: generation.queue.cancel(jobId) }),
      again: ({ jobId }) => {
        const job = generation.service.again(jobId);
        generation.queue.kick();
        return job;
      },
      provenance: async ({ path: file }) => {
        await allowedImage(file);
        return generation.service.provenance(file);
      },
      models: () => generation.service.models(),
    },
    settings: {
      get: async () => ({ ...settings.view(), vectorStore: await stores.view() }),
      update: async (patch) => ({ ...settings.update(patch), vectorStore: await stores.view() }),
    },
    store: {
      status: () => stores.view(),
      test: (target) => stores.test(target),
      switch: (target) => stores.switch(target),
    },
  };

  return {
    config,
    events,
    catalog,
    models,
    library,
    watches,
    vectors,
    stores,
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
