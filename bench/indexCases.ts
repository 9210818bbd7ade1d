/**
 * The three pipelines `bench:index` compares, each run in a process of its own
 * so that its peak memory is its own:
 * - atelier: the real indexer (scan, hash, decode, encode, SQLite writes)
 *   through the real encoder worker, with a text query every second meanwhile;
 * - encoder: the ONNX vision session alone on already-preprocessed tensors, at
 *   the batch size and with the session options the pipeline uses (ONNX
 *   Runtime's default of spinning threads measured the same within noise on its
 *   own): the ceiling for any pipeline;
 * - reference: PyTorch CLIP with PIL, one image at a time (reference_clip.py).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Catalog } from '../src/main/core/catalog/catalog';
import { createEncoderClient } from '../src/main/core/clip/encoderClient';
import { visionBatchSize } from '../src/main/core/clip/modelFiles';
import { preprocessImage } from '../src/main/core/clip/preprocess';
import { preferredProviders } from '../src/main/core/clip/providers';
import { openSession, runVision } from '../src/main/core/clip/session';
import { VISION_TUNING } from '../src/main/core/clip/visionThread';
import { indexFolders } from '../src/main/core/indexer/indexer';
import { nodeWorkerSpawner } from '../src/main/core/workers/nodeWorker';

const ROOT = path.resolve(import.meta.dirname, '..');
const peakMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1e6;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface RunResult {
  images: number;
  seconds: number;
  cpu_s: number;
  peak_rss_mb: number;
}

export interface AtelierResult extends RunResult {
  provider: string;
  precision: string;
  batch: number;
  embedded: number;
  /** Seconds from the first batch sent to the last committed (scan and hashing excluded). */
  embed_seconds: number;
  /** Per-image stage times in ms: decode is summed over images that overlap each other and the model. */
  stage_ms: { decode: number; encode: number; write: number };
  /** Text queries (tokenize + encode) issued while indexing ran. */
  query_ms: number[];
  /** Vectors of the first images, to check that both pipelines computed the same thing. */
  vectors: number[][];
}

export async function atelierCase(
  folder: string,
  modelDir: string,
  keep: string[],
  threads?: number,
): Promise<AtelierResult> {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-bench-index-'));
  const catalog = Catalog.open(path.join(data, 'catalog.db'));
  const encoder = createEncoderClient({
    model: { id: 'bench-vit-b-32', name: 'bench-vit-b-32', dim: 512, dir: modelDir },
    vocabPath: path.join(ROOT, 'resources', 'clip', 'bpe_simple_vocab_16e6.txt.gz'),
    providers: preferredProviders(process.env.ATELIER_PROVIDER),
    spawn: nodeWorkerSpawner(new URL('../src/main/core/clip/encoderThread.ts', import.meta.url)),
    visionThreads: threads,
  });
  try {
    const report = await encoder.ready(); // the model load is not part of indexing
    await encoder.embedTexts(['warm up']);
    const queryMs: number[] = [];
    let indexing = true;
    const querier = (async () => {
      while (indexing) {
        await sleep(1000);
        if (!indexing) break;
        const t = performance.now();
        await encoder.embedTexts(['a red silk cape with gold trim']);
        queryMs.push(performance.now() - t);
      }
    })();
    const stage = { decode: 0, encode: 0, write: 0 };
    let embedStart = 0;
    let embedEnd = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const summary = await indexFolders(
      { catalog, encoder },
      {
        folders: [folder],
        jobId: 'bench',
        onProgress: (p) => {
          if (p.phase === 'embedding' && !embedStart) embedStart = performance.now();
        },
        onBatch: (s) => {
          stage.decode += s.decodeMs;
          stage.encode += s.encodeMs;
          stage.write += s.writeMs;
          embedEnd = performance.now();
        },
      },
    );
    const seconds = (performance.now() - t0) / 1000;
    const cpu = cpuSeconds(cpu0);
    indexing = false;
    await querier;
    const vectors = keep.map((file) => {
      // The catalog keeps real paths (the image folder may sit behind a symlink).
      const row = catalog.fileByPath(path.join(fs.realpathSync(folder), path.basename(file)));
      return Array.from(row ? (catalog.embedding(row.contentKey, 'bench-vit-b-32') ?? []) : []);
    });
    const n = summary.embedded || 1;
    return {
      images: summary.scanned,
      embedded: summary.embedded,
      seconds,
      embed_seconds: (embedEnd - embedStart) / 1000,
      cpu_s: cpu,
      peak_rss_mb: peakMb(),
      provider: report.provider,
      precision: report.precision ?? 'fp32',
      batch: await encoder.batchSize(),
      stage_ms: { decode: stage.decode / n, encode: stage.encode / n, write: stage.write / n },
      query_ms: queryMs,
      vectors,
    };
  } finally {
    await encoder.close();
    catalog.close();
    fs.rmSync(data, { recursive: true, force: true });
  }
}

export interface EncoderResult extends RunResult {
  batch: number;
  provider: string;
}

/** The vision session alone, fed the same preprocessed batch over and over. */
export async function encoderCase(
  files: string[],
  modelDir: string,
  count: number,
  threads?: number,
): Promise<EncoderResult> {
  const tuning = { ...VISION_TUNING, threads };
  const { session, report } = await openSession(
    modelDir,
    'vision',
    preferredProviders(process.env.ATELIER_PROVIDER),
    tuning,
  );
  const batch = visionBatchSize(report.provider);
  const plane = 3 * 224 * 224;
  const pixels = new Float32Array(batch * plane);
  for (let i = 0; i < batch; i++) pixels.set((await preprocessImage(files[i % files.length]!)).tensor, i * plane);
  await runVision(session, pixels, batch, 224); // warm-up
  const runs = Math.max(1, Math.round(count / batch));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let r = 0; r < runs; r++) await runVision(session, pixels, batch, 224);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(cpu0);
  await session.release();
  return { images: runs * batch, seconds, cpu_s: cpu, peak_rss_mb: peakMb(), batch, provider: report.provider };
}

export interface ReferenceResult extends RunResult {
  torch_threads: number;
  /** The BLAS library torch's matrix products ran on (Debian's torch uses whichever libblas.so.3 is selected). */
  blas: string;
  vectors: number[][];
}

/** reference_clip.py on the same files and weights. */
export function referenceCase(python: string, makeModels: string, stateDict: string, files: string[], keep: number) {
  const list = path.join(os.tmpdir(), `atelier-bench-files-${process.pid}.txt`);
  fs.writeFileSync(list, files.join('\n'));
  try {
    const script = path.join(import.meta.dirname, 'reference_clip.py');
    const run = spawnSync(python, [script, makeModels, stateDict, list, String(keep)], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (run.status !== 0) throw new Error(`reference_clip.py failed (exit ${run.status})`);
    return JSON.parse(run.stdout) as ReferenceResult;
  } finally {
    fs.rmSync(list, { force: true });
  }
}
