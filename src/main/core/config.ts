/**
 * Everything a core service needs from its surroundings, passed in by the
 * composition root: nothing in core asks Electron or the OS for paths itself.
 */
import os from 'node:os';
import path from 'node:path';
import { preferredProviders } from './clip/providers';
import type { GenerationConfig } from './generate/createGeneration';
import type { StoreConfig } from './vectors/createStore';
import type { WorkerSpawner } from './workers/workerSpawner';

export interface AtelierConfig {
  /** Catalog, models, thumbnails and generated images live here. */
  dataDir: string;
  /** The app's read-only resources (CLIP vocabulary, model manifest). */
  resourcesDir: string;
  /** A model folder or a model id; default: the manifest's default model. */
  model?: string;
  /** The list of known models; default: `models.json` in the resources. */
  modelManifest?: string;
  /** Base URL to download models from instead of huggingface.co. */
  modelMirror?: string;
  /** Execution providers to try, best first; default: chosen for this platform. */
  providers?: string[];
  /** libuv's thread pool size in the encoder's process (UV_THREADPOOL_SIZE); default 4. It bounds concurrent decodes. */
  threadPoolSize?: number;
  /** Starts the encoder worker (a worker thread, or a utilityProcess in Electron). */
  spawnEncoder: WorkerSpawner;
  /**
   * Whether the encoder of a model switched away from is closed, freeing its memory. Only where a
   * closed encoder leaves the next one able to start: a process of its own (Electron's utility
   * process), or a worker thread with onnxruntime-node pinned in the process (clip/pinOnnxRuntime.ts).
   * Default false: encoders of earlier models stay loaded until the end.
   */
  closeRetiredEncoders?: boolean;
  /** Starts the OCR worker thread; without it, the text in images is not read. */
  spawnOcr?: WorkerSpawner;
  /** Starts a scan worker thread; without them, a re-index does all its per-file work on one thread. */
  spawnScanner?: WorkerSpawner;
  /** Whether indexing reads the text in images after embedding them; default true. */
  readText?: boolean;
  /** Where the vectors are searched; default: the choice saved in `store.json`, else the embedded index. */
  store?: StoreConfig;
  /** Image generation with the Gemini API. */
  gemini?: GenerationConfig;
  /** The ffmpeg program that reads videos; default the one `@ffmpeg-installer/ffmpeg` ships for this platform. */
  ffmpeg?: string;
  /** Quiet time after a change in a watched folder before it is re-indexed; default 1.5 s. */
  watchDebounceMs?: number;
}

/** The per-OS application data folder, as Electron's `app.getPath('userData')` would give it. */
export function defaultDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  if (env.ATELIER_DATA) return path.resolve(env.ATELIER_DATA);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Atelier');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Atelier');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Atelier');
}

export const VOCAB_FILE = path.join('clip', 'bpe_simple_vocab_16e6.txt.gz');
export const MODEL_MANIFEST_FILE = 'models.json';

/** Generation settings from an environment (the edges pass theirs): GEMINI_API_KEY, ATELIER_GEMINI_BASE_URL, ATELIER_GEMINI_TIMEOUT (seconds), ATELIER_GEMINI_BATCH_POLL (seconds between checks on a batch). */
export function geminiFromEnv(env: NodeJS.ProcessEnv): NonNullable<AtelierConfig['gemini']> {
  const timeout = Number(env.ATELIER_GEMINI_TIMEOUT);
  const batchPoll = Number(env.ATELIER_GEMINI_BATCH_POLL);
  return {
    ...(batchPoll > 0 ? { batchPollMs: batchPoll * 1000 } : {}),
    ...(env.GEMINI_API_KEY ? { apiKey: env.GEMINI_API_KEY } : {}),
    ...(env.ATELIER_GEMINI_BASE_URL ? { baseUrl: env.ATELIER_GEMINI_BASE_URL } : {}),
    ...(timeout > 0 ? { retry: { attemptTimeoutMs: timeout * 1000 } } : {}),
  };
}

/**
 * Encoder and model settings from an environment (the edges pass theirs):
 * ATELIER_PROVIDER (comma-separated providers), ATELIER_MODEL_MIRROR, UV_THREADPOOL_SIZE,
 * ATELIER_OCR (`off` turns reading text in images off).
 */
export function encoderFromEnv(
  env: NodeJS.ProcessEnv,
): Pick<AtelierConfig, 'providers' | 'modelMirror' | 'threadPoolSize' | 'readText'> {
  const threadPoolSize = Number(env.UV_THREADPOOL_SIZE);
  return {
    ...(env.ATELIER_OCR?.trim().toLowerCase() === 'off' ? { readText: false } : {}),
    ...(env.ATELIER_PROVIDER?.trim() ? { providers: preferredProviders(env.ATELIER_PROVIDER) } : {}),
    ...(env.ATELIER_MODEL_MIRROR ? { modelMirror: env.ATELIER_MODEL_MIRROR } : {}),
    ...(threadPoolSize > 0 ? { threadPoolSize } : {}),
  };
}
