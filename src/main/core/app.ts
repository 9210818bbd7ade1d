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
import { LibraryService } from './indexer/libraryService';
import { ModelService } from './models/modelService';
import { storeQueryImage } from './queries/queryImages';
import { SearchService } from './search/searchService';
import type { SecretCipher } from './settings/secrets';
import { SettingsService } from './settings/settingsService';
import { ThumbnailService } from './thumbnails/thumbnailService';

/** What the runtime around the core adds: Electron's folder picker and safeStorage. */
export interface AtelierHost {
  pickFolder?: () => Promise<string | null>;
  secrets?: SecretCipher;
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
  readonly settings: SettingsService;
  readonly thumbnails: ThumbnailService;
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

  const handlers: AtelierHandlers = {
    library: {
      status: async () => {
        const model = await activeModel();
        return library.status(model?.id ?? null, model ? await (await encoder()).ready() : null);
      },
      index: ({ folders }) => library.start(folders),
      cancel: ({ jobId }) => ({ cancelled: library.cancel(jobId) }),
      removeFolder: ({ path: folder }) => {
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
      query: async (query) => (await search()).search(query),
      similar: async ({ path: file, limit }) => (await search()).similar(file, limit),
      uploadImage: ({ name, base64 }) => storeQueryImage(config.dataDir, name, base64),
    },
    models: {
      list: () => models.list(),
      download: ({ id }) => models.startDownload(id),
      import: ({ path: folder }) => models.import(folder),
      provider: async () => ((await activeModel()) ? (await encoder()).ready() : null),
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
    vectors,
    stores,
    settings,
    thumbnails,
    encoder,
    search,
    activeModel,
    handlers,
    async close() {
      await started?.close();
      await stores.close();
      await vectors.store.close();
      catalog.close();
    },
  };
}
