/**
 * Which ONNX Runtime execution provider to ask for on this machine, and in what
 * order. The session factory tries them in turn and falls back to CPU, so a
 * missing driver costs a line in the report, never a failed start.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** onnxruntime-node ships the CUDA provider as an opt-in download (see README). */
function cudaProviderInstalled(): boolean {
  try {
    const pkg = path.dirname(require.resolve('onnxruntime-node/package.json'));
    return existsSync(path.join(pkg, 'bin', 'napi-v6', 'linux', process.arch, 'libonnxruntime_providers_cuda.so'));
  } catch {
    return false;
  }
}

/**
 * The providers to try, best first, always ending with `cpu`.
 * `override` (comma-separated; the edges pass ATELIER_PROVIDER) replaces the platform's choice.
 */
export function preferredProviders(override?: string, platform: NodeJS.Platform = process.platform): string[] {
  let wanted: string[];
  if (override?.trim()) {
    wanted = override
      .split(',')
      .map((p) => p.trim().toLowerCase())
      .filter(Boolean);
  } else if (platform === 'linux') {
    wanted = cudaProviderInstalled() ? ['cuda'] : [];
  } else if (platform === 'win32') {
    wanted = ['dml'];
  } else if (platform === 'darwin') {
    wanted = ['coreml'];
  } else {
    wanted = [];
  }
  return [...wanted.filter((p) => p !== 'cpu'), 'cpu'];
}
