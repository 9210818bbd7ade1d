/**
 * What is installed under `<dataDir>/models/<id>/`. A model counts as installed
 * only when its folder holds `atelier-model.json`; the downloader and the
 * importer write that marker last, after every file has been verified, so a
 * half-finished install is never picked up.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ModelFacts } from '../../../shared/types';
import { ModelError, modelId, type RegistryModel, relPath } from './manifest';

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

/** The list entry of one model id: installed when its marker and both encoders are present. */
export async function statusOf(dataDir: string, id: string, model?: RegistryModel): Promise<ModelFacts> {
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
    layout: model?.layout ?? 'huggingface',
    dim: model?.dim ?? marker?.dim ?? null,
    ...(model?.license ? { license: model.license } : {}),
    languages: model?.languages ?? [],
    ...(model?.recall !== undefined ? { recall: model.recall } : {}),
  };
}
