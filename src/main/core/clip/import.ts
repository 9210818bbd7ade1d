/**
 * Installs a CLIP model from a local folder in the Hugging Face ONNX layout, for
 * people who already have the files (or cannot reach Hugging Face). The files
 * are copied into a hidden staging folder beside the installed models, hashed
 * on the way, and the staging folder is renamed into place only when complete,
 * so an interrupted import leaves nothing that looks installed.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ModelFacts } from '../../../shared/types';
import {
  assertClipFolder,
  modelDir,
  modelsRoot,
  readDim,
  statusOf,
  TEXT_FILE,
  VISION_FILE,
  writeMarker,
} from './installMarker';
import { loadManifest, type ManifestSource, ModelError, type RegistryModel } from './manifest';
import { folderModelId } from './resolveModel';

/** Small files that travel with a model when present (configuration and tokenizer). */
const EXTRAS = [
  'config.json',
  'preprocessor_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'special_tokens_map.json',
  'vocab.json',
  'merges.txt',
];

interface Copied {
  path: string;
  size: number;
  sha256: string;
}

/** The relative paths to copy: both encoders, their external-data files, and the extras present. */
async function filesToCopy(src: string): Promise<string[]> {
  const onnx = await readdir(path.join(src, 'onnx'));
  // Models over 2 GB keep their weights beside the graph (`*.onnx_data`); the graph is useless without them.
  const external = onnx.filter((n) => n.endsWith('.onnx_data') || n.endsWith('.onnx.data')).map((n) => `onnx/${n}`);
  const extras = [];
  for (const name of EXTRAS) {
    if (
      await stat(path.join(src, name)).then(
        (s) => s.isFile(),
        () => false,
      )
    )
      extras.push(name);
  }
  return [VISION_FILE, TEXT_FILE, ...external, ...extras];
}

async function copyHashed(src: string, dest: string, rel: string): Promise<Copied> {
  const from = path.join(src, rel);
  const to = path.join(dest, rel);
  await mkdir(path.dirname(to), { recursive: true });
  const expected = (await stat(from)).size;
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(fs.createReadStream(from), meter, fs.createWriteStream(to));
  if (size !== expected) throw new ModelError(`${from} changed while it was being copied; import it again.`);
  return { path: rel, size, sha256: hash.digest('hex') };
}

/** The registry model whose weights these are, judged by the ONNX files' sizes and checksums. */
function matchRegistry(models: RegistryModel[], copied: Copied[]): RegistryModel | undefined {
  return models.find((m) => {
    const weights = m.files.filter((f) => /\.onnx(_data|\.data)?$/.test(f.target ?? f.path));
    return (
      weights.length > 0 &&
      weights.every((f) => {
        const c = copied.find((x) => x.path === (f.target ?? f.path));
        return c !== undefined && c.size === f.size && (f.sha256 === null || c.sha256 === f.sha256);
      }) &&
      copied.filter((c) => /\.onnx(_data|\.data)?$/.test(c.path)).length === weights.length
    );
  });
}

/**
 * Copies the CLIP model in `folder` into `<dataDir>/models/<id>/` and marks it
 * installed. The id is the registry id when the files are a known model's,
 * else the folder's name plus a fingerprint (as `resolveModel` gives for the
 * folder itself). Importing a model that is already installed changes nothing.
 */
export async function importModel(
  folder: string,
  dataDir: string,
  options: { manifest?: ManifestSource } = {},
): Promise<ModelFacts> {
  const src = path.resolve(folder);
  await assertClipFolder(src);
  const { models } = loadManifest(options.manifest);
  await mkdir(modelsRoot(dataDir), { recursive: true });
  // Staging inside the models folder keeps the final rename on one file system.
  const staging = path.join(modelsRoot(dataDir), `.import-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const copied: Copied[] = [];
    for (const rel of await filesToCopy(src)) copied.push(await copyHashed(src, staging, rel));
    const match = matchRegistry(models, copied);
    const id = match?.id ?? (await folderModelId(src));
    await writeMarker(staging, {
      id,
      name: match?.name ?? path.basename(src),
      dim: await readDim(staging, match?.dim ?? 512),
      source: match ? 'registry' : 'imported',
      files: copied,
      installedAt: new Date().toISOString(),
      importedFrom: src,
    });
    const dest = modelDir(dataDir, id);
    if (!(await statusOf(dataDir, id, match)).installed) {
      // Whatever is there is not a working model (an unfinished download, a damaged install): replace it.
      await rm(dest, { recursive: true, force: true });
      await rename(staging, dest);
    }
    return await statusOf(dataDir, id, match);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
