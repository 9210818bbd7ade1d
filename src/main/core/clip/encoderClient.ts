/**
 * The main-side face of the CLIP encoder: sends requests to the worker and
 * matches the answers. The worker is started on first use and keeps the model
 * loaded; if it dies, pending calls fail with a clear message and the next call
 * starts a new one.
 */
import type { ModelDescriptor, ProviderReport } from '../../../shared/types';
import { workerCalls } from '../workers/workerCalls';
import type { WorkerSpawner } from '../workers/workerSpawner';
import type {
  EncoderCommand,
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
  /**
   * `language`: the texts' language tag (`zh-CN`, `ja`); models that read it (NLLB) get its FLORES-200
   * code before each text, the others ignore it.
   */
  embedTexts(texts: string[], language?: string): Promise<Float32Array[]>;
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

function rows(data: Float32Array, dim: number): Float32Array[] {
  const out: Float32Array[] = [];
  for (let i = 0; i < data.length; i += dim) out.push(data.slice(i, i + dim));
  return out;
}

/** How long closing waits for a load under way before stopping the worker anyway. */
const LOAD_WAIT_ON_CLOSE_MS = 30_000;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export function createEncoderClient(options: EncoderClientOptions): ClipEncoder {
  const calls = workerCalls<EncoderCommand>(options.spawn, 'image encoder');
  let loading: Promise<LoadResult> | null = null;
  const ready = () =>
    (loading = calls.loaded<LoadResult>(() => ({
      type: 'load',
      modelDir: options.model.dir,
      vocabPath: options.vocabPath,
      providers: options.providers,
      visionThreads: options.visionThreads,
      threadPoolSize: options.threadPoolSize,
    })));

  return {
    model: options.model,
    ready: async () => (await ready()).report,
    batchSize: async () => (await ready()).batchSize,
    async embedTexts(texts, language) {
      if (texts.length === 0) return [];
      // Sent behind the load, not after it: the worker answers once its text model is in, while the
      // vision model may still be loading. A failed load reaches this call through that answer.
      ready().catch(() => undefined);
      const r = await calls.send<TextResult>({
        type: 'embedTexts',
        texts,
        ...(language !== undefined ? { language } : {}),
      });
      return rows(r.vectors, r.dim);
    },
    async embedImages(paths) {
      if (paths.length === 0) return { outcomes: [], vectors: [] };
      await ready();
      const r = await calls.send<ImageResult>({ type: 'embedImages', paths });
      const flat = r.dim ? rows(r.vectors, r.dim) : [];
      let k = 0;
      const vectors = r.outcomes.map((o) => (o.ok ? flat[k++]! : null));
      return { outcomes: r.outcomes, vectors, timings: r.timings };
    },
    async close() {
      // A text query is answered while the vision model may still be loading. Stopping the worker
      // then, as a CLI search does when it is done, tears its vision thread down in the middle of
      // creating an onnxruntime session, which aborts the whole process: let the load end first.
      // Bounded: a load that never ends (a hung thread) must not keep the app from closing.
      if (loading) await Promise.race([loading.catch(() => undefined), delay(LOAD_WAIT_ON_CLOSE_MS)]);
      loading = null;
      await calls.close();
    },
  };
}
