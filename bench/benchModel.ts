/**
 * The ViT-B/32-shaped CLIP for speed benchmarks (random weights, real shapes),
 * built once by the shared `clip/make_models.py OUT --full` into a
 * gitignored cache and reused. Needs a Python 3 with PyTorch and onnx
 * (Debian: apt-get install python3-torch python3-onnx).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const CACHE = path.join(import.meta.dirname, '.cache');
const MAKE_MODELS = path.resolve(import.meta.dirname, '..', '..', 'shared', 'clip', 'make_models.py');

/** The first Python that can import torch: ATELIER_BENCH_PYTHON, then python3 on PATH, then Debian's. */
export function findPython(): string {
  const candidates = [process.env.ATELIER_BENCH_PYTHON, 'python3', '/usr/bin/python3'].filter(Boolean) as string[];
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import torch, PIL, numpy'], { stdio: 'ignore' });
    if (probe.status === 0) return python;
  }
  throw new Error(
    'No Python with PyTorch, Pillow and numpy found (tried ' +
      `${candidates.join(', ')}). Install them (Debian: apt-get install -y python3-torch python3-onnx) ` +
      'or set ATELIER_BENCH_PYTHON.',
  );
}

export interface BenchModel {
  dir: string;
  stateDict: string;
  makeModels: string;
}

/** The model folder, built on first use (about a minute and 1.2 GB of disk). */
export function benchModel(python: string, log: (line: string) => void): BenchModel {
  const dir = path.join(CACHE, 'models', 'vit-b-32-random');
  const stateDict = path.join(dir, 'state_dict.pt');
  const ready = ['onnx/vision_model.onnx', 'onnx/text_model.onnx', 'state_dict.pt'].every((f) =>
    fs.existsSync(path.join(dir, f)),
  );
  if (!fs.existsSync(MAKE_MODELS)) throw new Error(`make_models.py not found at ${MAKE_MODELS}`);
  if (!ready) {
    log(`Building the ViT-B/32-shaped model into ${dir} (once)...`);
    const built = spawnSync(python, [MAKE_MODELS, path.join(CACHE, 'models'), '--full'], { stdio: 'inherit' });
    if (built.status !== 0) throw new Error(`make_models.py failed (exit ${built.status})`);
  }
  return { dir, stateDict, makeModels: MAKE_MODELS };
}
