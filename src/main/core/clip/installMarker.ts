/**
 * What is installed under `<dataDir>/models/<id>/`. A model counts as installed
 * only when its folder holds `atelier-model.json`; the downloader and the
 * importer write that marker last, after every file has been verified, so a
 * half-finished install is never picked up.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ModelFacts } from '../../../shared/types';
import { ModelError, modelId, type RegistryModel, registrySpecSchema, relPath } from './manifest';
import { readModelSpec } from './modelConfig';
import { folderLanguages } from './modelLanguages';
import { detectLayout, type Layout, MARKER_FILE } from './modelLayout';

const markerSchema = z.object({
  id: modelId,
  name: z.string(),
  dim: z.number().int().positive(),
  source: z.enum(['registry', 'imported']),
  files: z.array(z.object({ path: relPath, size: z.number(), sha256: z.string().nullable() })),
  installedAt: z.string(),
  importedFrom: z.string().optional(),
  /** The registry's feeding settings, for a model installed without its configuration files. */
  spec: registrySpecSchema.optional(),
});
/** The content of `atelier-model.json`. */
export type InstallMarker = z.infer<typeof markerSchema>;

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

/** The folder's layout; the user-facing error when it has neither layout's files. */
export async function assertModelFolder(dir: string): Promise<Layout> {
  return Promise.resolve().then(() => detectLayout(dir));
}

function layoutIfAny(dir: string): Layout | undefined {
  try {
    return detectLayout(dir);
  } catch {
    return undefined;
  }
}

/** Embedding width from the folder's config (`projection_dim`, `embedding_dim`, open_clip's `embed_dim`), else `fallback`. */
export async function readDim(dir: string, fallback = 512): Promise<number> {
  try {
    return await Promise.resolve().then(() => readModelSpec(dir).dim ?? fallback);
  } catch {
    return fallback;
  }
}

/** The list entry of one model id: installed when its marker and both encoders are present. */
export async function statusOf(dataDir: string, id: string, model?: RegistryModel): Promise<ModelFacts> {
  const dir = modelDir(dataDir, id);
  const marker = await readMarker(dir);
  const layout = marker?.id === id ? layoutIfAny(dir) : undefined;
  const installed = layout !== undefined;
  return {
    id,
    name: model?.name ?? marker?.name ?? id,
    installed,
    ...(model ? { sizeBytes: model.files.reduce((n, f) => n + f.size, 0) } : {}),
    ...(installed ? { dir } : {}),
    source: model ? 'registry' : 'imported',
    layout: model?.layout ?? layout?.name ?? 'huggingface',
    dim: model?.dim ?? marker?.dim ?? null,
    ...(model?.license ? { license: model.license } : {}),
    ...(model
      ? { languages: model.languages, languagesFrom: 'registry' as const }
      : installed
        ? folderLanguages(dir)
        : { languages: [], languagesFrom: 'unknown' as const }),
    ...(model?.recall !== undefined ? { recall: model.recall } : {}),
  };
}
