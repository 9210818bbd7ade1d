/**
 * The list of known downloadable models (resources/models.json): its schema,
 * where the shipped one lives, and loading it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** A failure the user can act on; the message is meant to be shown as is. */
export class ModelError extends Error {
  override name = 'ModelError';
}

/** Ids double as folder names, so they may not contain separators or start with a dot. */
export const modelId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'invalid model id');
export const relPath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.includes('\\') && !p.split('/').includes('..'), 'must be a relative path');

const manifestFileSchema = z.object({
  /** Path inside the Hugging Face repository. */
  path: relPath,
  /** Where it goes in the model folder, when that differs (a quantized file saved as the standard name). */
  target: relPath.optional(),
  size: z.number().int().nonnegative(),
  /** null when no published checksum was found: such a file is never downloaded (it can still be imported). */
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  note: z.string().optional(),
});

/** How a model's files are laid out: Hugging Face's ONNX exports, or Immich's (`visual/`, `textual/`). */
export const modelLayout = z.enum(['huggingface', 'immich']);

const triple = z.tuple([z.number(), z.number(), z.number()]);

/**
 * How to feed a model whose own small configuration files are not in the registry (the hosting site
 * publishes SHA-256s only for the large files it keeps in LFS): what its preprocessor and tokenizer
 * configs say, written into the install marker and read in place of the folder's configuration.
 */
export const registrySpecSchema = z.object({
  image: z.object({
    size: z.number().int().positive(),
    mean: triple,
    std: triple,
    resize: z.enum(['shortest', 'squash']),
    interpolation: z.enum(['bicubic', 'bilinear']),
    crop: z.enum(['round', 'floor']).default('floor'),
  }),
  text: z.object({
    contextLength: z.number().int().positive(),
    padding: z.enum(['longest', 'max_length']),
    padToken: z.string().optional(),
    clean: z.enum(['none', 'whitespace', 'canonicalize']).default('none'),
    languagePrefix: z.literal('flores-200').optional(),
  }),
});

const registryModelSchema = z.object({
  id: modelId,
  name: z.string().min(1),
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
  revision: z.string().min(1),
  layout: modelLayout.default('huggingface'),
  dim: z.number().int().positive(),
  contextLength: z.number().int().positive(),
  imageSize: z.number().int().positive(),
  /** The weights' licence, as its publisher states it (an SPDX id where there is one). */
  license: z.string().min(1).optional(),
  /** Languages its text encoder was trained for (ISO 639-1 codes), so the picker can say who can search with it. */
  languages: z.array(z.string().regex(/^[a-z]{2,3}$/)).default(['en']),
  /**
   * Text-to-image recall in percent on Crossmodal-3600 (English) as Immich publishes it, so the
   * picker can weigh quality against size; absent where no published figure applies to this export.
   */
  recall: z.number().min(0).max(100).optional(),
  /** Feeding settings for a model whose configuration files are not downloaded (see registrySpecSchema). */
  spec: registrySpecSchema.optional(),
  note: z.string().optional(),
  files: z.array(manifestFileSchema).min(1),
});

const manifestSchema = z
  .object({ version: z.literal(1), defaultModel: modelId, models: z.array(registryModelSchema) })
  .refine((m) => m.models.some((x) => x.id === m.defaultModel), 'defaultModel is not one of the models');

export type ManifestFile = z.infer<typeof manifestFileSchema>;
export type RegistryModel = z.infer<typeof registryModelSchema>;
export type Manifest = z.infer<typeof manifestSchema>;
/** A manifest object (defaults not yet filled in), or the path of a manifest file. */
export type ManifestSource = z.input<typeof manifestSchema> | string;

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
