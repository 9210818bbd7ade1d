/**
 * Turning a user's model spec (an id or a folder) into the folder the encoder
 * opens, and listing every model this data folder knows.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { open, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ModelDescriptor, ModelFacts } from '../../../shared/types';
import { assertModelFolder, modelDir, modelsRoot, readDim, readMarker, statusOf } from './installMarker';
import { loadManifest, type ManifestSource, ModelError, modelId } from './manifest';
import { detectLayout, primaryEncoder } from './modelLayout';

const SAMPLE = 64 * 1024;

/**
 * A short fingerprint of a model folder (either layout): sha256 over both encoders' sizes and
 * their first and last 64 KiB. Distinguishes different models in same-named
 * folders without reading hundreds of megabytes at start-up.
 */
export async function folderFingerprint(dir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const rel of encoderFiles(dir)) {
    const handle = await open(path.join(dir, rel), 'r');
    try {
      const { size } = await handle.stat();
      hash.update(`${rel}:${size}\n`);
      for (const start of [0, Math.max(0, size - SAMPLE)]) {
        const buf = Buffer.alloc(Math.min(SAMPLE, size));
        const { bytesRead } = await handle.read(buf, 0, buf.length, start);
        hash.update(buf.subarray(0, bytesRead));
      }
    } finally {
      await handle.close();
    }
  }
  return hash.digest('hex').slice(0, 8);
}

function encoderFiles(dir: string): string[] {
  const layout = detectLayout(dir);
  return [primaryEncoder(dir, layout, 'vision'), primaryEncoder(dir, layout, 'text')];
}

/** The id a model folder gets: its name (made id-safe) plus its fingerprint. */
export async function folderModelId(dir: string): Promise<string> {
  const base =
    path
      .basename(path.resolve(dir))
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[^A-Za-z0-9]+/, '') || 'model';
  return `${base.slice(0, 100)}-${await folderFingerprint(dir)}`;
}

/** Every registry model (installed or not), then every imported model found on disk. */
export async function listModels(dataDir: string, manifest?: ManifestSource): Promise<ModelFacts[]> {
  const { models } = loadManifest(manifest);
  const out = await Promise.all(models.map((m) => statusOf(dataDir, m.id, m)));
  const entries = await fs.promises.readdir(modelsRoot(dataDir), { withFileTypes: true }).catch(() => []);
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!e.isDirectory() || e.name.startsWith('.') || models.some((m) => m.id === e.name)) continue;
    if (!modelId.safeParse(e.name).success) continue;
    const status = await statusOf(dataDir, e.name);
    if (status.installed) out.push(status);
  }
  return out;
}

/** Folder ids already computed, keyed on the folder and its encoders' sizes and mtimes. */
const folderIds = new Map<string, { key: string; id: string }>();

async function resolveFolder(dir: string, fallbackDim: number): Promise<ModelDescriptor> {
  await assertModelFolder(dir);
  const marker = await readMarker(dir);
  if (marker) return { id: marker.id, name: marker.name, dim: marker.dim, dir };
  const stats = await Promise.all(encoderFiles(dir).map((rel) => stat(path.join(dir, rel))));
  const key = stats.map((s) => `${s.size}:${s.mtimeMs}`).join('|');
  let id = folderIds.get(dir)?.key === key ? folderIds.get(dir)!.id : undefined;
  if (!id) {
    id = await folderModelId(dir);
    folderIds.set(dir, { key, id });
  }
  return { id, name: path.basename(dir), dim: await readDim(dir, fallbackDim), dir };
}

function looksLikePath(spec: string): boolean {
  return path.isAbsolute(spec) || spec.startsWith('.') || spec.startsWith('~') || /[\\/]/.test(spec);
}

/**
 * Turns a model spec into the folder to load: `undefined` means the manifest's
 * default model; a path means a model folder (either layout) used in place; anything else is an
 * installed model id (registry or imported).
 */
export async function resolveModel(
  spec: string | undefined,
  dataDir: string,
  manifest?: ManifestSource,
): Promise<ModelDescriptor> {
  const { models, defaultModel } = loadManifest(manifest);
  const id = spec?.trim() || defaultModel;
  if (looksLikePath(id)) return resolveFolder(path.resolve(id.replace(/^~(?=$|[\\/])/, os.homedir())), 512);
  const known = models.find((m) => m.id === id);
  if (modelId.safeParse(id).success) {
    const dir = modelDir(dataDir, id);
    const marker = await readMarker(dir);
    if (marker?.id === id) {
      await assertModelFolder(dir).catch((err: Error) => {
        throw new ModelError(`${err.message} Model "${id}" is damaged: download or import it again.`);
      });
      return { id, name: marker.name, dim: marker.dim, dir };
    }
  }
  // A bare folder name in the working directory still works, as long as no model has that id.
  if (
    !known &&
    (await stat(id).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  )
    return resolveFolder(path.resolve(id), 512);
  if (known) {
    throw new ModelError(
      `Model "${id}" is not installed. Run "atelier models download ${id}" or "atelier models import <folder>".`,
    );
  }
  const list = models.map((m) => m.id).join(', ');
  throw new ModelError(
    `Model "${id}" is not installed, and no known model has that id (known: ${list}). Run "atelier models download <id>" or "atelier models import <folder>".`,
  );
}
