/**
 * Installs a model from a local folder in the Hugging Face ONNX layout or
 * Immich's, for
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
import { assertModelFolder, modelDir, modelsRoot, readDim, statusOf, writeMarker } from './installMarker';
import { loadManifest, type ManifestSource, ModelError, type RegistryModel } from './manifest';
import type { Layout } from './modelLayout';
import { folderModelId } from './resolveModel';

interface Copied {
  path: string;
  size: number;
  sha256: string;
}

const isFile = (file: string) =>
  stat(file).then(
    (s) => s.isFile(),
    () => false,
  );

/** Each encoder folder's graphs (every precision variant) and their external-data files. */
async function graphs(src: string, folder: string): Promise<string[]> {
  const names = await readdir(path.join(src, folder)).catch(() => [] as string[]);
  // Models over 2 GB keep their weights beside the graph (`*.onnx_data`); the graph is useless without them.
  return names.filter((n) => /\.onnx(_data|\.data)?$/.test(n)).map((n) => `${folder}/${n}`);
}

/** The relative paths to copy: the encoders with their variants and external data, and the configs present. */
async function filesToCopy(src: string, layout: Layout): Promise<string[]> {
  const onnx =
    layout.name === 'immich'
      ? [...(await graphs(src, 'visual')), ...(await graphs(src, 'textual'))]
      : (await graphs(src, 'onnx')).filter((rel) => /\/(vision|text)_model/.test(rel));
  const extras = [];
  for (const rel of layout.configs) if (await isFile(path.join(src, rel))) extras.push(rel);
  return [...onnx, ...extras];
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
 * Copies the model in `folder` (either layout) into `<dataDir>/models/<id>/` and marks it
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
  const layout = await assertModelFolder(src);
  const { models } = loadManifest(options.manifest);
  await mkdir(modelsRoot(dataDir), { recursive: true });
  // Staging inside the models folder keeps the final rename on one file system.
  const staging = path.join(modelsRoot(dataDir), `.import-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const copied: Copied[] = [];
    for (const rel of await filesToCopy(src, layout)) copied.push(await copyHashed(src, staging, rel));
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
      ...(match?.spec ? { spec: match.spec } : {}),
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
