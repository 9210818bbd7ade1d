/**
 * The model registry: the known downloadable models (resources/models.json),
 * what is installed under `<dataDir>/models/<id>/`, and turning a user's model
 * spec (an id or a folder) into the folder the encoder opens.
 *
 * A model counts as installed only when its folder holds `atelier-model.json`;
 * the downloader and the importer write that marker last, after every file has
 * been verified, so a half-finished install is never picked up.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { open, readFile, rename, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { ModelDescriptor, ModelStatus } from '../../../shared/types';

/** A failure the user can act on; the message is meant to be shown as is. */
export class ModelError extends Error {
  override name = 'ModelError';
}

/** Ids double as folder names, so they may not contain separators or start with a dot. */
const modelId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'invalid model id');
const relPath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.includes('\\') && !p.split('/').includes('..'), 'must be a relative path');

const manifestFileSchema = z.object({
  /** Path inside the Hugging Face repository. */
  path: relPath,
  /** Where it goes in the model folder, when that differs (a quantized file saved as the standard name). */
  target: relPath.optional(),
  size: z.number().int().nonnegative(),
  /** null when no published checksum was found: then only the size is verified. */
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  note: z.string().optional(),
});

const registryModelSchema = z.object({
  id: modelId,
  name: z.string().min(1),
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
  revision: z.string().min(1),
  dim: z.number().int().positive(),
  contextLength: z.number().int().positive(),
  imageSize: z.number().int().positive(),
  note: z.string().optional(),
  files: z.array(manifestFileSchema).min(1),
});

const manifestSchema = z
  .object({ version: z.literal(1), defaultModel: modelId, models: z.array(registryModelSchema) })
  .refine((m) => m.models.some((x) => x.id === m.defaultModel), 'defaultModel is not one of the models');

export type ManifestFile = z.infer<typeof manifestFileSchema>;
export type RegistryModel = z.infer<typeof registryModelSchema>;
export type Manifest = z.infer<typeof manifestSchema>;
/** A manifest object, or the path of a manifest file. */
export type ManifestSource = Manifest | string;

const markerSchema = z.object({
  id: modelId,
  name: z.string(),
  dim: z.number().int().positive(),
  source: z.enum(['registry', 'imported']),
  files: z.array(z.object({ path: relPath, size: z.number(), sha256: z.string().nullable() })),
  installedAt: z.string(),
  importedFrom: z.string().optional(),
});
/** The content of `atelier-model.json`. */
export type InstallMarker = z.infer<typeof markerSchema>;

export const MARKER_FILE = 'atelier-model.json';
export const VISION_FILE = 'onnx/vision_model.onnx';
export const TEXT_FILE = 'onnx/text_model.onnx';

/**
 * Where the manifest shipped with the app lives: beside the sources in dev, in resources when packaged.
 * (Another manifest comes in through the config's `modelManifest`.)
 */
export function defaultManifestPath(): string {
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  const candidates = packaged
    ? [path.join(packaged, 'models.json'), path.join(packaged, 'resources', 'models.json')]
    : [];
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++, dir = path.dirname(dir)) candidates.push(path.join(dir, 'resources', 'models.json'));
  return candidates.find((c) => fs.existsSync(c)) ?? candidates[candidates.length - 1]!;
}

const manifestCache = new Map<string, Manifest>();

/** Parses and validates a manifest; a path is read once and cached. */
export function loadManifest(source: ManifestSource = defaultManifestPath()): Manifest {
  if (typeof source !== 'string') return manifestSchema.parse(source);
  const cached = manifestCache.get(source);
  if (cached) return cached;
  const parsed = manifestSchema.safeParse(JSON.parse(fs.readFileSync(source, 'utf8')));
  if (!parsed.success) throw new Error(`Invalid model manifest ${source}: ${z.prettifyError(parsed.error)}`);
  manifestCache.set(source, parsed.data);
  return parsed.data;
}

/** The folder every installed model lives under. */
export function modelsRoot(dataDir: string): string {
  return path.join(dataDir, 'models');
}

/** The install folder of a model id (the id is validated so it cannot escape the models folder). */
export function modelDir(dataDir: string, id: string): string {
  if (!modelId.safeParse(id).success) throw new ModelError(`"${id}" is not a valid model id.`);
  return path.join(modelsRoot(dataDir), id);
}

/** The installed-model marker of a folder, or null when absent or unreadable. */
export async function readMarker(dir: string): Promise<InstallMarker | null> {
  try {
    const parsed = markerSchema.safeParse(JSON.parse(await readFile(path.join(dir, MARKER_FILE), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Writes the marker atomically (temp file + rename), which is what makes a model installed. */
export async function writeMarker(dir: string, marker: InstallMarker): Promise<void> {
  const tmp = path.join(dir, `${MARKER_FILE}.tmp`);
  await writeFile(tmp, JSON.stringify(marker, null, 2) + '\n');
  await rename(tmp, path.join(dir, MARKER_FILE));
}

/** Streaming sha256 of a file, as lowercase hex. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** Throws the user-facing error when a folder lacks either encoder. */
export async function assertClipFolder(dir: string): Promise<void> {
  if (
    !(await stat(dir).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  )
    throw new ModelError(`"${dir}" is not a folder.`);
  for (const rel of [VISION_FILE, TEXT_FILE]) {
    if (!(await isFile(path.join(dir, rel))))
      throw new ModelError(`"${dir}" is not a CLIP model folder: ${rel} is missing.`);
  }
}

/** Embedding width from `config.json` (`projection_dim` or `embedding_dim`), else `fallback`. */
export async function readDim(dir: string, fallback = 512): Promise<number> {
  try {
    const config = JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
    const dim = config.projection_dim ?? config.embedding_dim;
    return typeof dim === 'number' && Number.isInteger(dim) && dim > 0 ? dim : fallback;
  } catch {
    return fallback;
  }
}

const SAMPLE = 64 * 1024;

/**
 * A short fingerprint of a model folder: sha256 over both encoders' sizes and
 * their first and last 64 KiB. Distinguishes different models in same-named
 * folders without reading hundreds of megabytes at start-up.
 */
export async function folderFingerprint(dir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const rel of [VISION_FILE, TEXT_FILE]) {
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

/** The id a model folder gets: its name (made id-safe) plus its fingerprint. */
export async function folderModelId(dir: string): Promise<string> {
  const base =
    path
      .basename(path.resolve(dir))
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[^A-Za-z0-9]+/, '') || 'model';
  return `${base.slice(0, 100)}-${await folderFingerprint(dir)}`;
}

/** The list entry of one model id: installed when its marker and both encoders are present. */
export async function statusOf(dataDir: string, id: string, model?: RegistryModel): Promise<ModelStatus> {
  const dir = modelDir(dataDir, id);
  const marker = await readMarker(dir);
  const installed =
    marker?.id === id && (await isFile(path.join(dir, VISION_FILE))) && (await isFile(path.join(dir, TEXT_FILE)));
  return {
    id,
    name: model?.name ?? marker?.name ?? id,
    installed,
    ...(model ? { sizeBytes: model.files.reduce((n, f) => n + f.size, 0) } : {}),
    ...(installed ? { dir } : {}),
    source: model ? 'registry' : 'imported',
  };
}

/** Every registry model (installed or not), then every imported model found on disk. */
export async function listModels(dataDir: string, manifest?: ManifestSource): Promise<ModelStatus[]> {
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
  await assertClipFolder(dir);
  const marker = await readMarker(dir);
  if (marker) return { id: marker.id, name: marker.name, dim: marker.dim, dir };
  const stats = await Promise.all([VISION_FILE, TEXT_FILE].map((rel) => stat(path.join(dir, rel))));
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
 * default model; a path means a CLIP folder used in place; anything else is an
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
      await assertClipFolder(dir).catch((err: Error) => {
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
