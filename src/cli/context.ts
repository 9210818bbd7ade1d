/**
 * Builds the core for one CLI invocation from the global options, the
 * environment and the repository's resources.
 */
import path from 'node:path';
import { type Atelier, createAtelier } from '../main/core/app';
import { pinningOnnxRuntime } from '../main/core/clip/pinOnnxRuntime';
import { type AtelierConfig, defaultDataDir, encoderFromEnv, geminiFromEnv } from '../main/core/config';
import type { StoreConfig } from '../main/core/vectors/createStore';
import { nodeWorkerSpawner } from '../main/core/workers/nodeWorker';
import { UsageError } from './errors';
import { moveToOsTrash } from './osTrash';
import { projectRoot } from './projectRoot';
import { workerEntry } from './workerEntries';

export const RESOURCES_DIR = path.join(projectRoot(), 'resources');

export interface GlobalOptions {
  data?: string;
  model?: string;
  json: boolean;
  /** The vector store (see storeOptions.ts); default: store.json's choice, else the embedded index. */
  store?: StoreConfig;
  gemini?: AtelierConfig['gemini'];
}

/** Generation settings: --gemini-base-url and --timeout over the environment. */
export function geminiOptions(
  baseUrl: string | undefined,
  timeout: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): NonNullable<AtelierConfig['gemini']> {
  const fromEnv = geminiFromEnv(env);
  let attemptTimeoutMs = fromEnv.retry?.attemptTimeoutMs;
  if (timeout !== undefined) {
    const seconds = Number(timeout);
    if (!(seconds > 0)) throw new UsageError(`--timeout must be a number of seconds above 0, not "${timeout}"`);
    attemptTimeoutMs = seconds * 1000;
  }
  if (baseUrl !== undefined && !/^https?:\/\//.test(baseUrl)) {
    throw new UsageError(`--gemini-base-url must be an http:// or https:// URL, not "${baseUrl}"`);
  }
  return {
    ...fromEnv,
    ...(baseUrl ? { baseUrl } : {}),
    ...(attemptTimeoutMs ? { retry: { attemptTimeoutMs } } : {}),
  };
}

/** The data folder a run uses: --data, else ATELIER_DATA, else the per-OS app data folder. */
export function dataDirOf(options: Pick<GlobalOptions, 'data'>, env: NodeJS.ProcessEnv = process.env): string {
  return options.data ? path.resolve(options.data) : defaultDataDir(env);
}

export function openAtelier(options: GlobalOptions): Atelier {
  const env = process.env;
  return createAtelier(
    {
      dataDir: dataDirOf(options, env),
      resourcesDir: RESOURCES_DIR,
      ...(options.model || env.ATELIER_MODEL ? { model: options.model ?? env.ATELIER_MODEL } : {}),
      ...encoderFromEnv(env),
      ...(env.ATELIER_MODELS_MANIFEST ? { modelManifest: path.resolve(env.ATELIER_MODELS_MANIFEST) } : {}),
      ...(options.store ? { store: options.store } : {}),
      ...(options.gemini ? { gemini: options.gemini } : {}),
      spawnEncoder: pinningOnnxRuntime(nodeWorkerSpawner(workerEntry('encoderThread'))),
      closeRetiredEncoders: true,
      spawnOcr: pinningOnnxRuntime(nodeWorkerSpawner(workerEntry('ocrThread'))),
      spawnScanner: nodeWorkerSpawner(workerEntry('scanThread')),
    },
    { trash: moveToOsTrash },
  );
}
