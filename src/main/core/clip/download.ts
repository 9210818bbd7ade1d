/**
 * Downloads a registry model into `<dataDir>/models/<id>/`, resumably: each file
 * streams into `<file>.part` (hashed on the way, never held in memory), is
 * verified against the manifest's size and sha256, then renamed into place. An
 * interrupted or cancelled download keeps its `.part` files and the next call
 * continues them with an HTTP Range request. One {@link ModelDownloader} refuses
 * to download the same model twice at once.
 */
import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DownloadProgress, ModelFacts } from '../../../shared/types';
import { modelDir, readDim, sha256File, statusOf, writeMarker } from './installMarker';
import { loadManifest, type ManifestFile, type ManifestSource, ModelError, type RegistryModel } from './manifest';
import { networkFailureMessage } from './networkFailure';

export interface DownloadOptions {
  dataDir: string;
  /** Hugging Face (the default) or a mirror with the same `/<repo>/resolve/<revision>/<path>` layout. */
  baseUrl?: string;
  manifest?: ManifestSource;
  /** Totals over all files of the model; throttled to a few calls per second. */
  onProgress?: (progress: DownloadProgress) => void;
  /** Aborting keeps the `.part` files, so a later call resumes. */
  signal?: AbortSignal;
  fetchImpl?: typeof fetch;
  /** Tries per file for network failures (default 3). */
  maxAttempts?: number;
  /** First retry delay, doubled on each retry (default 1000 ms). */
  retryDelayMs?: number;
  /** Least time between two progress calls (default 250 ms). */
  progressIntervalMs?: number;
}

export interface DownloadResult {
  model: ModelFacts;
}

/** A download failure; `retryable` says whether trying the same request again may help. */
export class DownloadError extends ModelError {
  override name = 'DownloadError';
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export const DEFAULT_BASE_URL = 'https://huggingface.co';

/** The download URL of one manifest file. */
export function fileUrl(baseUrl: string, model: RegistryModel, file: ManifestFile): string {
  const enc = (p: string) => p.split('/').map(encodeURIComponent).join('/');
  return `${baseUrl.replace(/\/+$/, '')}/${enc(model.repo)}/resolve/${encodeURIComponent(model.revision)}/${enc(file.path)}`;
}

const PERMANENT_FS = new Set(['ENOSPC', 'EACCES', 'EPERM', 'EROFS', 'EDQUOT', 'EISDIR', 'ENOTDIR']);

function isRetryable(err: unknown): boolean {
  if (err instanceof DownloadError) return err.retryable;
  if (err instanceof Error && err.name === 'AbortError') return false;
  const code = (err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code;
  return !(code && PERMANENT_FS.has(code));
}

async function sizeOf(file: string): Promise<number> {
  return stat(file).then(
    (s) => s.size,
    () => -1,
  );
}

async function hashInto(hash: Hash, file: string): Promise<void> {
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
}

interface FileJob {
  url: string;
  file: ManifestFile;
  part: string;
  fetchImpl: typeof fetch;
  signal: AbortSignal | undefined;
  /** Bytes of this file now in the `.part`, for progress. */
  report: (bytes: number) => void;
}

/** One attempt: brings the `.part` to the full size (resuming when it can) and returns its sha256. */
async function fetchToPart(job: FileJob): Promise<string> {
  const { file, part } = job;
  for (let restarted = false; ; restarted = true) {
    let offset = Math.max(0, await sizeOf(part));
    if (offset > file.size) {
      await rm(part, { force: true });
      offset = 0;
    }
    const hash = createHash('sha256');
    if (offset === file.size && offset > 0) {
      await hashInto(hash, part);
      return hash.digest('hex');
    }
    const res = await job
      .fetchImpl(job.url, { headers: offset ? { Range: `bytes=${offset}-` } : {}, signal: job.signal })
      .catch((err: unknown) => {
        if (job.signal?.aborted || (err instanceof Error && err.name === 'AbortError')) throw err;
        throw new DownloadError(`Download of ${file.path} failed. ${networkFailureMessage(job.url, err)}`, true);
      });
    const start = Number(/^bytes (\d+)-/.exec(res.headers.get('content-range') ?? '')?.[1] ?? NaN);
    if (offset > 0 && (res.status === 416 || (res.status === 206 && start !== offset))) {
      // The server will not continue this .part (it changed, or the range is off): start the file over, once.
      await res.body?.cancel().catch(() => undefined);
      if (restarted) throw new DownloadError(`The server refused to resume ${file.path} (HTTP ${res.status}).`, true);
      await rm(part, { force: true });
      continue;
    }
    if (res.status !== 200 && res.status !== 206) {
      await res.body?.cancel().catch(() => undefined);
      const retry = res.status === 408 || res.status === 429 || res.status >= 500;
      throw new DownloadError(
        `Download of ${file.path} failed: HTTP ${res.status} ${res.statusText} (${job.url}).`,
        retry,
      );
    }
    if (!res.body) throw new DownloadError(`Download of ${file.path} failed: empty response.`, true);
    // 200 to a Range request: the server ignored it and sends the whole file, so the .part is rewritten.
    const base = res.status === 206 ? offset : 0;
    if (base > 0) await hashInto(hash, part);
    let received = base;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        received += chunk.length;
        if (received > file.size) {
          return done(
            new DownloadError(
              `${file.path} is larger than the expected ${file.size} bytes: the server sent a different file.`,
              false,
            ),
          );
        }
        hash.update(chunk);
        job.report(received);
        done(null, chunk);
      },
    });
    const body = Readable.fromWeb(res.body);
    const out = fs.createWriteStream(part, { flags: base > 0 ? 'a' : 'w' });
    await pipeline(body, meter, out, ...(job.signal ? [{ signal: job.signal }] : []));
    if (received < file.size)
      throw new DownloadError(`The connection closed after ${received} of ${file.size} bytes of ${file.path}.`, true);
    return hash.digest('hex');
  }
}

/** Downloads registry models, one download per model folder at a time. */
export class ModelDownloader {
  /** Model folders being downloaded now. */
  private readonly active = new Set<string>();

  /**
   * Downloads and installs registry model `id`. Resolves once every file has
   * been verified and `atelier-model.json` written; rejects with a
   * {@link ModelError} (checksum mismatch, HTTP error, unknown id, a download
   * of it already running) or, when `signal` aborts, with its AbortError.
   */
  async download(id: string, options: DownloadOptions): Promise<DownloadResult> {
    const { dataDir } = options;
    const manifest = loadManifest(options.manifest);
    const model = manifest.models.find((m) => m.id === id);
    if (!model)
      throw new ModelError(`Unknown model "${id}". Known models: ${manifest.models.map((m) => m.id).join(', ')}.`);
    const dir = modelDir(dataDir, id);
    const current = await statusOf(dataDir, id, model);
    if (current.installed) return { model: current };
    const unverified = model.files.filter((f) => f.sha256 === null).map((f) => f.path);
    if (unverified.length) {
      throw new ModelError(
        `Model "${id}" is not downloaded: no published SHA-256 was found for ${unverified.join(', ')}, so the ` +
          `files could not be verified. Import a copy you trust with "atelier models import <folder>".`,
      );
    }
    if (this.active.has(dir)) throw new ModelError(`Model "${id}" is already being downloaded.`);
    this.active.add(dir);
    try {
      return await downloadFiles(model, dir, options);
    } finally {
      this.active.delete(dir);
    }
  }
}

async function downloadFiles(model: RegistryModel, dir: string, options: DownloadOptions): Promise<DownloadResult> {
  const { signal, onProgress } = options;
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  const totalBytes = model.files.reduce((n, f) => n + f.size, 0);
  const interval = options.progressIntervalMs ?? 250;
  let doneBytes = 0;
  let lastEmit = 0;
  const emit = (file: string, bytes: number, force = false) => {
    const now = Date.now();
    if (!onProgress || (!force && now - lastEmit < interval)) return;
    lastEmit = now;
    onProgress({ modelId: model.id, file, receivedBytes: doneBytes + bytes, totalBytes });
  };

  for (const file of model.files) {
    const target = path.join(dir, file.target ?? file.path);
    const part = `${target}.part`;
    await mkdir(path.dirname(target), { recursive: true });
    // A file already in place was verified before it was renamed there; re-check it cheaply by size and hash.
    const placed = (await sizeOf(target)) === file.size && (await sha256File(target)) === file.sha256;
    if (!placed) {
      const job: FileJob = {
        url: fileUrl(baseUrl, model, file),
        file,
        part,
        signal,
        fetchImpl: options.fetchImpl ?? fetch,
        report: (bytes) => emit(file.path, bytes),
      };
      const actual = await withRetries(() => fetchToPart(job), maxAttempts, options.retryDelayMs ?? 1000, signal);
      if (actual !== file.sha256) {
        await rm(part, { force: true });
        throw new DownloadError(
          `Checksum mismatch for ${file.path} of model "${model.id}": expected sha256 ${file.sha256}, got ${actual}. The damaged file was deleted; run the download again.`,
          false,
        );
      }
      await rename(part, target);
    }
    doneBytes += file.size;
    emit(file.path, 0, true);
  }
  await writeMarker(dir, {
    id: model.id,
    name: model.name,
    dim: await readDim(dir, model.dim),
    source: 'registry',
    files: model.files.map((f) => ({ path: f.target ?? f.path, size: f.size, sha256: f.sha256 })),
    installedAt: new Date().toISOString(),
    ...(model.spec ? { spec: model.spec } : {}),
  });
  return { model: await statusOf(options.dataDir, model.id, model) };
}

async function withRetries<T>(
  work: () => Promise<T>,
  maxAttempts: number,
  delayMs: number,
  signal?: AbortSignal,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await work();
    } catch (err) {
      if (signal?.aborted || attempt >= maxAttempts || !isRetryable(err)) throw err;
      await sleep(delayMs * 2 ** (attempt - 1), undefined, signal ? { signal } : {});
    }
  }
}
