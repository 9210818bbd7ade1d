/**
 * Builds the core for one CLI invocation from the global options, the
 * environment and the repository's resources.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAtelier, type Atelier } from '../main/core/app';
import { defaultDataDir } from '../main/core/config';
import { nodeWorkerSpawner } from '../main/core/workers/nodeWorker';

const here = path.dirname(fileURLToPath(import.meta.url));
export const RESOURCES_DIR = path.resolve(here, '../../resources');

export interface GlobalOptions {
  data?: string;
  model?: string;
  json: boolean;
}

export function openAtelier(options: GlobalOptions): Atelier {
  const env = process.env;
  return createAtelier({
    dataDir: options.data ? path.resolve(options.data) : defaultDataDir(env),
    resourcesDir: RESOURCES_DIR,
    ...(options.model || env.ATELIER_MODEL ? { model: options.model ?? env.ATELIER_MODEL } : {}),
    ...(env.ATELIER_MODEL_MIRROR ? { modelMirror: env.ATELIER_MODEL_MIRROR } : {}),
    ...(env.ATELIER_MODELS_MANIFEST ? { modelManifest: path.resolve(env.ATELIER_MODELS_MANIFEST) } : {}),
    spawnEncoder: nodeWorkerSpawner(new URL('../main/core/clip/encoderThread.ts', import.meta.url)),
  });
}
