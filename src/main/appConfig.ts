/** Builds the core's config from what Electron knows: the data folder, the resources, the worker spawners. */
import path from 'node:path';
import { type AtelierConfig, encoderFromEnv, geminiFromEnv } from './core/config';
import type { WorkerSpawner } from './core/workers/workerSpawner';

export function electronConfig(options: {
  /** `app.getPath('userData')`. */
  userData: string;
  resourcesDir: string;
  env: NodeJS.ProcessEnv;
  spawnEncoder: WorkerSpawner;
  spawnOcr?: WorkerSpawner;
  spawnScanner?: WorkerSpawner;
}): AtelierConfig {
  const { env } = options;
  return {
    // ATELIER_DATA lets the app open the same library as a CLI run pointed elsewhere.
    dataDir: env.ATELIER_DATA ? path.resolve(env.ATELIER_DATA) : options.userData,
    resourcesDir: options.resourcesDir,
    ...(env.ATELIER_MODEL ? { model: env.ATELIER_MODEL } : {}),
    ...encoderFromEnv(env),
    spawnEncoder: options.spawnEncoder,
    // Each encoder is a utility process of its own: closing one takes nothing the next needs.
    closeRetiredEncoders: true,
    ...(options.spawnOcr ? { spawnOcr: options.spawnOcr } : {}),
    ...(options.spawnScanner ? { spawnScanner: options.spawnScanner } : {}),
    gemini: geminiFromEnv(env),
  };
}
