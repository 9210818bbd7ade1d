/**
 * The main-side face of the CLIP encoder: sends requests to the worker and
 * matches the answers. The worker is started on first use and keeps the model
 * loaded; if it dies, pending calls fail with a clear message and the next call
 * starts a new one.
 */
import type { ModelDescriptor, ProviderReport } from '../../../shared/types';
import type { WorkerHandle, WorkerSpawner } from '../workers/workerSpawner';
import type {
  EncoderCommand,
  EncoderResponse,
  ImageOutcome,
  ImageResult,
  LoadResult,
  StageTimings,
  TextResult,
} from './encoderProtocol';

export interface ImageEmbeddings {
  outcomes: ImageOutcome[];
  /** One entry per input path: its unit vector, or null where the outcome is not ok. */
  vectors: Array<Float32Array | null>;
  /** Where the request spent its time (absent when nothing was decoded). */
  timings?: StageTimings;
}

/** Turns text and images into unit vectors of one model. */
export interface ClipEncoder {
  readonly model: ModelDescriptor;
  /** Loads the model (once) and reports the execution provider it runs on. */
  ready(): Promise<ProviderReport>;
  /** Images per embedImages call that keep the execution provider busy (loads the model). */
  batchSize(): Promise<number>;
  embedTexts(texts: string[]): Promise<Float32Array[]>;
  embedImages(paths: string[]): Promise<ImageEmbeddings>;
  close(): Promise<void>;
}

export interface EncoderClientOptions {
  model: ModelDescriptor;
  vocabPath: string;
  providers: string[];
  spawn: WorkerSpawner;
  /**
   * Intra-op threads of the vision session; default: one per core. Fewer leave cores to decoding
   * and to other programs, at the cost of the model's own speed.
   */
  visionThreads?: number;
  /** libuv's thread pool size in the worker's process (UV_THREADPOOL_SIZE); default 4. */
  threadPoolSize?: number;
}

type Pending = { resolve: (r: unknown) => void; reject: (e: Error) => void };

function rows(data: Float32Array, dim: number): Float32Array[] {
  const out: Float32Array[] = [];
  for (let i = 0; i < data.length; i += dim) out.push(data.slice(i, i + dim));
  return out;
}

export function createEncoderClient(options: EncoderClientOptions): ClipEncoder {
  let worker: WorkerHandle | null = null;
  let loaded: Promise<LoadResult> | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  function send<T>(request: EncoderCommand): Promise<T> {
    const w = start();
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (r: unknown) => void, reject });
      w.keepAlive(true);
      w.postMessage({ ...request, id });
    });
  }

  function start(): WorkerHandle {
    if (worker) return worker;
    const w = options.spawn();
    worker = w;
    w.onMessage((message) => {
      const res = message as EncoderResponse;
      const p = pending.get(res.id);
      if (!p) return;
      pending.delete(res.id);
      if (pending.size === 0) w.keepAlive(false);
      if (res.ok) p.resolve(res.result);
      else p.reject(new Error(res.message));
    });
    w.onExit((code) => {
      if (worker !== w) return;
      worker = null;
      loaded = null;
      const err = new Error(`The image encoder stopped unexpectedly (exit code ${code})`);
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    });
    return w;
  }

  function ready(): Promise<LoadResult> {
    if (!loaded) {
      const attempt = send<LoadResult>({
        type: 'load',
        modelDir: options.model.dir,
        vocabPath: options.vocabPath,
        providers: options.providers,
        visionThreads: options.visionThreads,
        threadPoolSize: options.threadPoolSize,
      });
      loaded = attempt;
      // A failed load is not cached: the next call tries again.
      attempt.catch(() => {
        if (loaded === attempt) loaded = null;
      });
    }
    return loaded;
  }

  return {
    model: options.model,
    ready: async () => (await ready()).report,
    batchSize: async () => (await ready()).batchSize,
    async embedTexts(texts) {
      if (texts.length === 0) return [];
      await ready();
      const r = await send<TextResult>({ type: 'embedTexts', texts });
      return rows(r.vectors, r.dim);
    },
    async embedImages(paths) {
      if (paths.length === 0) return { outcomes: [], vectors: [] };
      await ready();
      const r = await send<ImageResult>({ type: 'embedImages', paths });
      const flat = r.dim ? rows(r.vectors, r.dim) : [];
      let k = 0;
      const vectors = r.outcomes.map((o) => (o.ok ? flat[k++]! : null));
      return { outcomes: r.outcomes, vectors, timings: r.timings };
    },
    async close() {
      const w = worker;
      worker = null;
      loaded = null;
      if (w) await w.terminate();
    },
  };
}
