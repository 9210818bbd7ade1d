/** Builds the generation service and its queue from the config: wiring only. */
import path from 'node:path';
import { BatchRecords } from '../catalog/batchRecords';
import type { Catalog } from '../catalog/catalog';
import { ConversationRecords } from '../catalog/conversationRecords';
import { GenerationRecords } from '../catalog/generationRecords';
import type { EventBus } from '../events';
import type { LibraryService } from '../indexer/libraryService';
import type { SearchService } from '../search/searchService';
import type { SettingsService } from '../settings/settingsService';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './backoff';
import { createGeminiClient, type GeminiClient } from './geminiClient';
import { fatal } from './generationFailure';
import { GenerationQueue } from './generationQueue';
import { GenerationService } from './generationService';
import { defaultOutputDir } from './outputFiles';
import { TemplateStore } from './templateStore';

/** Image generation's settings, as the composition root's config carries them. */
export interface GenerationConfig {
  /** A key from the environment (GEMINI_API_KEY); one saved in the settings wins. */
  apiKey?: string;
  /** A proxy or gateway instead of Google's endpoint. */
  baseUrl?: string;
  retry?: Partial<RetryPolicy>;
  /** Without a network, jobs wait for it (the app) or stay queued while the run ends (the CLI). */
  offline?: 'wait' | 'stop';
  /** How often the app checks on submitted batches (default a minute). */
  batchPollMs?: number;
  /** Over this many bytes, a batch's requests are uploaded as a file (default: the API's inline limit). */
  batchInlineLimitBytes?: number;
}

export interface GenerationParts {
  service: GenerationService;
  queue: GenerationQueue;
  /** The prompt templates kept in the data folder. */
  templates: TemplateStore;
}

export function createGeneration(
  config: { dataDir: string; gemini?: GenerationConfig | undefined },
  deps: {
    catalog: Catalog;
    events: EventBus;
    settings: SettingsService;
    library: LibraryService;
    search: () => Promise<SearchService>;
  },
): GenerationParts {
  const records = new GenerationRecords(deps.catalog.db);
  const turns = new ConversationRecords(deps.catalog.db);
  const client = (): GeminiClient => {
    // The key typed in the settings wins over the environment's.
    const apiKey = deps.settings.geminiApiKey() ?? config.gemini?.apiKey;
    if (!apiKey) {
      throw fatal('No Gemini API key: set one in Settings (or GEMINI_API_KEY for the atelier command).');
    }
    return createGeminiClient({ apiKey, ...(config.gemini?.baseUrl ? { baseUrl: config.gemini.baseUrl } : {}) });
  };
  const queue = new GenerationQueue({
    records,
    turns,
    batches: new BatchRecords(deps.catalog.db),
    batchPollMs: config.gemini?.batchPollMs ?? 60_000,
    ...(config.gemini?.batchInlineLimitBytes ? { batchInlineLimitBytes: config.gemini.batchInlineLimitBytes } : {}),
    events: deps.events,
    dataDir: config.dataDir,
    client,
    indexOutputs: async (files) => {
      await deps.library.index([...new Set(files.map((f) => path.dirname(f)))]);
    },
    policy: { ...DEFAULT_RETRY_POLICY, ...config.gemini?.retry },
    offline: config.gemini?.offline ?? 'wait',
  });
  const templates = new TemplateStore(config.dataDir);
  const service = new GenerationService({
    templates,
    catalog: deps.catalog,
    records,
    turns,
    queue,
    dataDir: config.dataDir,
    client,
    defaultModel: () => deps.settings.view().generationModel,
    defaultOutputDir: defaultOutputDir(config.dataDir),
    search: deps.search,
  });
  return { service, queue, templates };
}
