/**
 * Indexes folders: scan, plan (hash what could be known content, apply moves
 * and removals), then decode and encode in batches sized for the execution
 * provider, with three batches in flight: one on the model, one decoded and waiting, one
 * decoding, so the model never waits for pixels and at most three batches of
 * tensors exist at any time, whatever the library's size. Each batch is
 * committed in its own transaction: a crash or a kill loses at most the batches
 * in flight, and the next run resumes where this one stopped. Copies of
 * content embedded in this run take its vector once it is committed. Then,
 * given a text reader, the text in the images is read (readTexts.ts).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { IndexProgress, IndexSummary, SkippedFile } from '../../../shared/types';
import type { Catalog } from '../catalog/catalog';
import { allEmbedded, embeddedKey, settleEmbedded } from '../catalog/embeddedMark';
import { ImageTexts } from '../catalog/imageTexts';
import { sinceDone } from '../catalog/passMarks';
import type { ClipEncoder, ImageEmbeddings } from '../clip/encoderClient';
import { PALETTE_VERSION } from '../colors/palette';
import { expandHome } from '../files/homeFolder';
import { isVideoPath } from '../files/videoFiles';
import type { TextReader } from '../ocr/textReader';
import { prepareThumbnails, type ThumbnailMaker } from '../thumbnails/prepareThumbnails';
import { isAnimatedGif } from '../video/animatedGif';
import { bundledFfmpeg } from '../video/ffmpegBinary';
import { DEFAULT_SAMPLING } from '../video/sampleVideo';
import type { WorkerSpawner } from '../workers/workerSpawner';
import { FolderCompare } from './folderCompare';
import { indexVideos, type VideoIndexing } from './indexVideos';
import { fillPalettes } from './palettePass';
import { type EmbedTask, planIndex, skipOf } from './plan';
import { readTexts } from './readTexts';
import { scanFolder, type ScanResult } from './scan';
import { ScanPool } from './scanPool';
import { inScope, knownInScope, scanScope, scopeOf } from './scanScope';

export class IndexError extends Error {}

export interface IndexOptions {
  folders: string[];
  jobId: string;
  signal?: AbortSignal;
  onProgress?: (progress: IndexProgress) => void;
  /** Images per batch; default: what the encoder's execution provider wants. */
  batchSize?: number;
  /** Batches sent to the encoder before the first is committed (default 3). */
  inFlight?: number;
  /** Hears where each committed batch spent its time (benchmarks). */
  onBatch?: (stats: BatchStats) => void;
  /**
   * Asked before each batch goes to the encoder: false when the folders were taken over by
   * another process (leasedIndex.ts), which then does the rest; the run stops as if cancelled.
   */
  stillClaimed?: () => boolean;
  /**
   * Paths inside the folders that changed (what a watcher saw): only the folders holding them,
   * and those of them that are folders, are looked at (scanScope.ts). Default: all of each folder.
   */
  only?: string[];
  /** How videos are read; default the bundled ffmpeg and the default sampling. */
  video?: VideoIndexing;
  /** Catalogued files in a folder from which its scan uses the scan workers (default 20,000). */
  pooledScanFrom?: number;
}

/** Time one batch spent in each stage, in milliseconds. */
export interface BatchStats {
  images: number;
  /** Read, decode and preprocess, summed over the batch's images (they overlap). */
  decodeMs: number;
  encodeMs: number;
  /** The catalog transaction. */
  writeMs: number;
}

export interface IndexerDeps {
  catalog: Catalog;
  encoder: ClipEncoder;
  /** Reads the text in the images once they have their vectors; without it, no text is read. */
  reader?: TextReader | null;
  /** Makes the grid's thumbnails of the images this run embedded; without it, they are made on first view. */
  thumbnails?: ThumbnailMaker | null;
  /** Starts scan workers, which a re-index of a large library spreads its per-file work over (scanPool.ts). */
  spawnScanner?: WorkerSpawner | null;
}

/**
 * Catalogued files in a library folder from which its re-index uses scan workers. Below it a scan
 * takes a fraction of a second on one thread, no more than starting the workers costs.
 */
const POOLED_SCAN_FROM = 20_000;

/** Scan workers: as many as there are cores, up to four (past that the file system is the limit). */
const scanWorkers = () => Math.max(1, Math.min(4, os.availableParallelism()));

/** Scans a library folder, comparing each folder with the catalog as it is read. */
async function scanComparing(
  deps: IndexerDeps,
  folder: string,
  compare: FolderCompare,
  onFile: (n: number) => void,
  pooledFrom = POOLED_SCAN_FROM,
): Promise<ScanResult> {
  const file = deps.catalog.db.name;
  const pooled = deps.spawnScanner && !deps.catalog.db.memory && compare.cataloguedFiles >= pooledFrom;
  if (!pooled) return scanFolder(folder, { onFile, onFolder: compare.folder });
  const pool = new ScanPool(deps.spawnScanner!, scanWorkers(), file, compare);
  try {
    const result = await scanFolder(folder, { onFile, statLater: pool.statLater });
    await pool.finish();
    return { ...result, problems: [...result.problems, ...compare.problems] };
  } finally {
    await pool.close();
  }
}

/** Checks every folder before any work starts, so a typo costs nothing; returns their real paths. */
export async function resolveFolders(folders: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const folder of folders) {
    const abs = path.resolve(expandHome(folder.trim()));
    let stat;
    try {
      stat = await fs.stat(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new IndexError(
        code === 'EACCES' ? `Cannot read folder ${abs}: permission denied` : `Folder not found: ${abs}`,
      );
    }
    if (!stat.isDirectory()) throw new IndexError(`Not a folder: ${abs}`);
    out.push(await fs.realpath(abs));
  }
  return [...new Set(out)];
}

function throttle(fn: (p: IndexProgress) => void, ms = 100): (p: IndexProgress, force?: boolean) => void {
  let last = 0;
  return (p, force = false) => {
    const now = Date.now();
    if (force || now - last >= ms) {
      last = now;
      fn(p);
    }
  };
}

/** Encodes one batch; if the worker dies on it, retries file by file to isolate the culprit. */
async function embedBatch(encoder: ClipEncoder, paths: string[]): Promise<ImageEmbeddings> {
  try {
    return await encoder.embedImages(paths);
  } catch (err) {
    if (paths.length === 1) {
      return { outcomes: [{ ok: false, reason: `could not be decoded (${(err as Error).message})` }], vectors: [null] };
    }
    const parts = await Promise.all(paths.map((p) => embedBatch(encoder, [p])));
    return { outcomes: parts.flatMap((p) => p.outcomes), vectors: parts.flatMap((p) => p.vectors) };
  }
}

export async function indexFolders(deps: IndexerDeps, options: IndexOptions): Promise<IndexSummary> {
  const { catalog, encoder } = deps;
  const { jobId, signal } = options;
  const stopped = () => signal?.aborted === true || options.stillClaimed?.() === false;
  const modelId = encoder.model.id;
  const progress = throttle((p) => options.onProgress?.(p));
  const folders = await resolveFolders(options.folders);

  const startedAt = Date.now();
  const skipped: SkippedFile[] = [];
  const scans = [];
  const compares: FolderCompare[] = [];
  // Whether every file has a vector, as the run starts (embeddedMark.ts), per library folder.
  const marks = new Map<number, string>();
  const embeddedBefore = (rootId: number) => {
    if (!marks.has(rootId)) marks.set(rootId, embeddedKey(catalog.db, rootId, modelId));
    return marks.get(rootId)!;
  };
  let scanned = 0;
  for (const folder of folders) {
    const root = catalog.addRoot(folder);
    const allHadVectors = allEmbedded(catalog.db, embeddedBefore(root.id));
    const onFile = (n: number) => progress({ jobId, phase: 'scanning', done: scanned + n, total: 0 });
    if (options.only) {
      const scope = scopeOf(folder, options.only);
      const result = await scanScope(scope, onFile);
      scanned += result.files.length;
      skipped.push(...result.problems);
      const known = knownInScope(catalog, scope, modelId);
      const covers = (file: string) => inScope(scope, file);
      scans.push({ root, files: result.files, known, covers, unread: result.unread });
      continue;
    }
    const compare = new FolderCompare(catalog, root, modelId, allHadVectors);
    compares.push(compare);
    const result = await scanComparing(deps, folder, compare, onFile, options.pooledScanFrom);
    compare.finish();
    scanned += compare.scanned;
    skipped.push(...result.problems);
    scans.push({
      root,
      files: compare.files,
      known: compare.known,
      unread: result.unread,
      alsoSeen: compare.skippedSeen,
    });
  }

  const plan = await planIndex({
    catalog,
    modelId,
    scans,
    onHashed: (done, total, current) => progress({ jobId, phase: 'hashing', done, total, current }),
  });
  skipped.push(...plan.skipped);

  const summary: IndexSummary = {
    scanned,
    embedded: 0,
    reused: plan.reused,
    moved: plan.moved,
    removed: plan.removed,
    skipped,
  };
  const total = plan.embed.length + plan.copies.length;
  progress({ jobId, phase: 'embedding', done: 0, total }, true);
  if (total > 0) await encoder.ready();
  const batchSize = options.batchSize ?? (total > 0 ? await encoder.batchSize() : 1);
  const depth = Math.max(1, options.inFlight ?? 3);

  const commit = (tasks: EmbedTask[], result: ImageEmbeddings) => {
    catalog.transaction(() => {
      tasks.forEach((task, i) => {
        const outcome = result.outcomes[i]!;
        const vector = result.vectors[i];
        const { file, rootId } = task;
        if (outcome.ok && vector) {
          // The key of the bytes the vector was made from (the file may have changed since it was hashed).
          const { contentKey, width, height, format } = outcome;
          catalog.putEmbedding(contentKey, modelId, vector);
          catalog.putFile({
            rootId,
            path: file.path,
            contentKey,
            size: file.size,
            mtimeMs: file.mtimeMs,
            width,
            height,
            format,
          });
          summary.embedded++;
        } else if (!outcome.ok) {
          // A file that was indexed before and is now broken leaves the index.
          catalog.deleteFile(file.path);
          catalog.putSkipped({ ...skipOf(file, outcome.reason), rootId });
          skipped.push({ path: file.path, reason: outcome.reason });
        }
      });
    });
  };

  let done = 0;
  const embedAll = async (tasks: EmbedTask[]) => {
    let inFlight: Array<{ tasks: EmbedTask[]; result: Promise<ImageEmbeddings> }> = [];
    const drainOne = async () => {
      const head = inFlight[0]!;
      inFlight = inFlight.slice(1);
      const result = await head.result;
      const t = performance.now();
      commit(head.tasks, result);
      const writeMs = performance.now() - t;
      options.onBatch?.({ images: head.tasks.length, decodeMs: 0, encodeMs: 0, ...result.timings, writeMs });
      done += head.tasks.length;
      progress({ jobId, phase: 'embedding', done, total, current: head.tasks.at(-1)?.file.path }, done === total);
    };
    for (let i = 0; i < tasks.length; i += batchSize) {
      if (stopped()) break;
      const batch = tasks.slice(i, i + batchSize);
      const result = embedBatch(
        encoder,
        batch.map((t) => t.file.path),
      );
      // Observe rejections at once; they are re-raised when the batch is drained.
      result.catch(() => undefined);
      inFlight.push({ tasks: batch, result });
      if (inFlight.length >= depth) await drainOne();
    }
    while (inFlight.length) await drainOne();
  };

  // Videos go through their own pass (indexVideos.ts): ffmpeg reads them, not the image decoder.
  const embedAny = async (tasks: EmbedTask[]) => {
    const videos: EmbedTask[] = [];
    const images: EmbedTask[] = [];
    for (const t of tasks) {
      (isVideoPath(t.file.path) || (await isAnimatedGif(t.file.path)) ? videos : images).push(t);
    }
    await embedAll(images);
    await indexVideos(
      {
        catalog,
        encoder,
        video: options.video ?? { ffmpeg: bundledFfmpeg(), sampling: DEFAULT_SAMPLING },
        batchSize,
        ...(signal ? { signal } : {}),
        stopped,
        skipped,
        onVideo: (task, embedded) => {
          if (embedded) summary.embedded++;
          done++;
          progress({ jobId, phase: 'embedding', done, total, current: task.file.path }, done === total);
        },
      },
      videos,
    );
  };

  await embedAny(plan.embed);
  if (plan.copies.length && !stopped()) {
    // Copies take the vector their original just got. One whose original gave none for these
    // bytes (it broke, or changed after it was hashed) goes through the model itself.
    const leftover: EmbedTask[] = [];
    catalog.transaction(() => {
      for (const copy of plan.copies) {
        const original = catalog.fileByPath(copy.of);
        if (original?.contentKey !== copy.key || !catalog.hasEmbedding(copy.key, modelId)) {
          leftover.push(copy);
          continue;
        }
        const { file, rootId } = copy;
        catalog.putFile({ ...original, rootId, path: file.path, size: file.size, mtimeMs: file.mtimeMs });
        summary.reused++;
        done++;
      }
    });
    progress({ jobId, phase: 'embedding', done, total }, done === total);
    await embedAny(leftover);
  }

  if (!stopped()) {
    for (const { root } of scans) await settleEmbedded(catalog.db, root.id, modelId, embeddedBefore(root.id));
    // The run is complete: what it found of each folder is what the catalog now holds.
    for (const compare of compares) compare.remember(startedAt);
  }
  // Each pass below looks at the whole library for what it lacks; after a run that changed no file
  // it is skipped when it already finished since the last change (passMarks.ts).
  await sinceDone(catalog.db, 'orphan-embeddings', (_written, since) => {
    catalog.deleteOrphanEmbeddings(since.lost() ?? undefined);
    return true;
  });
  // Palettes for what this run added, and for what earlier runs indexed before palettes existed.
  // A failure here (a busy catalog, say) costs the run nothing: the next pass makes what is missing.
  if (!stopped()) {
    await sinceDone(catalog.db, `palettes@${PALETTE_VERSION}`, async (written, since) => {
      // Palettes are kept per content: a touched or renamed file needs none made or dropped.
      const only = written && (since.contentWritten() ?? written);
      const lost = since.lost();
      await fillPalettes(catalog, {
        ...(signal ? { signal } : {}),
        ...(only ? { only } : {}),
        ...(lost ? { lost } : {}),
      });
      return !stopped();
    }).catch(() => undefined);
  }
  // Before reading text: a new folder's grid should show pictures as soon as it can.
  if (deps.thumbnails && !stopped()) {
    await prepareThumbnails(
      deps.thumbnails,
      plan.embed.map((task) => task.file.path),
      stopped,
    );
  }
  const reader = deps.reader;
  if (reader && !stopped()) {
    const rootIds = scans.map((s) => s.root.id);
    const texts = new ImageTexts(catalog.db);
    // Texts can also be dropped or left by another version sharing the data folder: their count
    // for this model is part of what the pass was done for, as it stands once the pass has read.
    const key = () => `texts@${reader.model}@${rootIds.join(',')}@${texts.countOf(reader.model)}`;
    await sinceDone(
      catalog.db,
      key(),
      async (written, since) => {
        // Texts are kept per content, as palettes are.
        const only = written && (since.contentWritten() ?? written);
        await readTexts(texts, reader, {
          jobId,
          rootIds,
          stopped,
          onProgress: progress,
          ...(only ? { only } : {}),
        });
        texts.deleteOrphans(since.lost() ?? undefined);
        return !stopped();
      },
      key,
    );
  }
  progress({ jobId, phase: 'done', done, total }, true);
  return summary;
}
