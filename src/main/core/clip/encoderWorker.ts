/**
 * The encoder worker's logic: owns the ONNX sessions and the tokenizer, decodes
 * and preprocesses images, runs batches. Never touches the database.
 *
 * Three things happen at once here, none waiting on another needlessly:
 * - images are decoded with sharp on libuv's thread pool, a bounded number at a
 *   time (decodeSlots.ts), as soon as their request arrives;
 * - the vision model runs on a thread of its own (visionThread.ts), one batch
 *   after another, while the next batches decode;
 * - text queries run on this thread's text session at once: they never queue
 *   behind an image batch, so search stays prompt while a library indexes.
 */
import type { Worker } from 'node:worker_threads';
import type ort from 'onnxruntime-node';
import type { ProviderReport } from '../../../shared/types';
import { contentKeyOfBytes } from '../files/contentKey';
import type { WorkerPort } from '../workers/workerSpawner';
import type { DecodeSlots } from './decodeSlots';
import type {
  EncoderRequest,
  EncoderResponse,
  ImageOutcome,
  ImageResult,
  LoadResult,
  TextResult,
} from './encoderProtocol';
import { type ImageSpec, readModelSpec } from './modelConfig';
import { visionBatchSize } from './modelFiles';
import type { PreprocessedImage } from './preprocess';
import { openSession, runText } from './session';
import { loadClipTokenizer, loadJsonTokenizer, type TextTokenizer } from './textTokenizer';
import { createVisionClient, type VisionClient } from './visionClient';

export interface EncoderWorkerOptions {
  /** Starts the vision thread: the worker's own entry, told to play that role. */
  spawnVisionThread: () => Worker;
  /** Called when the vision thread dies; the entry ends the worker so that its client starts afresh. */
  onVisionExit?: (code: number) => void;
  /** Concurrent decodes; default: sized to the machine. */
  decodeSlots?: number;
}

interface TextSide {
  text: ort.InferenceSession;
  tokenizer: TextTokenizer;
  image: ImageSpec;
}

interface Loaded extends TextSide {
  report: ProviderReport;
  vision: VisionClient;
}

/**
 * The decoders (sharp, the studio formats), loaded with the first image: a worker that answers
 * text queries only, as at start-up, never waits for them.
 */
let imageModules: Promise<[typeof import('./preprocess'), typeof import('./decodeSlots')]> | null = null;
const loadImageModules = () => (imageModules ??= Promise.all([import('./preprocess'), import('./decodeSlots')]));

function reasonOf(err: unknown, ImageDecodeError: typeof import('./preprocess').ImageDecodeError): string {
  if (err instanceof ImageDecodeError) return err.reason;
  return `could not read image (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`;
}

type Decoded = ({ ok: true; contentKey: string } & PreprocessedImage) | { ok: false; reason: string };

export function runEncoderWorker(port: WorkerPort, options: EncoderWorkerOptions): void {
  let loaded: Promise<Loaded> | null = null;
  let textLoaded: Promise<TextSide> | null = null;
  let slots: DecodeSlots | null = null;
  let threadPoolSize: number | undefined;
  // One vision thread for the worker's life, even across failed loads: onnxruntime-node cannot be
  // loaded again in a new thread of a process once a thread that loaded it has ended.
  let vision: VisionClient | null = null;

  async function load(req: Extract<EncoderRequest, { type: 'load' }>): Promise<LoadResult> {
    threadPoolSize = req.threadPoolSize;
    const textSide = (async (): Promise<TextSide> => {
      const spec = readModelSpec(req.modelDir);
      // One thread: a query is a few dozen tokens, and on a busy CPU (indexing, other programs) a
      // second thread mostly waits at each operator's barrier (bench:query p50 27 ms vs 42 ms).
      const [text, tokenizer] = await Promise.all([
        openSession(req.modelDir, 'text', req.providers, { threads: 1 }),
        spec.tokenizerFile
          ? loadJsonTokenizer(spec.tokenizerFile, spec.text)
          : loadClipTokenizer(req.vocabPath, spec.text),
      ]);
      return { text: text.session, tokenizer, image: spec.image };
    })();
    textLoaded = textSide;
    const pending = (async (): Promise<Loaded> => {
      // The vision model loads once the text side has (or has failed): a search at start-up
      // answers as soon as its own model is in, instead of sharing the cores with the larger one.
      await textSide.catch(() => undefined);
      vision ??= createVisionClient(options.spawnVisionThread(), (code) => options.onVisionExit?.(code));
      const [report, side] = await Promise.all([vision.load(req.modelDir, req.providers, req.visionThreads), textSide]);
      return { ...side, report, vision };
    })();
    loaded = pending;
    const { report } = await pending;
    return { report, imageSize: (await textSide).image.size, batchSize: visionBatchSize(report.provider) };
  }

  function model(): Promise<Loaded> {
    if (!loaded) throw new Error('The encoder has no model loaded');
    return loaded;
  }

  /** Text queries need the text model only: they are answered while the vision model still loads. */
  async function embedTexts(texts: string[], language: string | undefined): Promise<TextResult> {
    if (!textLoaded) throw new Error('The encoder has no model loaded');
    const { text, tokenizer } = await textLoaded;
    return runText(text, tokenizer.encodeBatch(texts, language));
  }

  async function decode(path: string, image: ImageSpec): Promise<{ decoded: Decoded; ms: number }> {
    const [{ ImageDecodeError, preprocessImage, readImageBytes }, { createDecodeSlots, machineDecodeSlots }] =
      await loadImageModules();
    slots ??= createDecodeSlots(options.decodeSlots ?? machineDecodeSlots(undefined, threadPoolSize));
    return slots.run(async () => {
      const t = performance.now();
      // One read serves both: the key of exactly the bytes decoded, and the pixels.
      const decoded = await readImageBytes(path)
        .then(async (bytes) => ({
          contentKey: contentKeyOfBytes(bytes),
          ...(await preprocessImage(bytes, { ...image, name: path })),
        }))
        .then(
          (r): Decoded => ({ ok: true, ...r }),
          (err: unknown): Decoded => ({ ok: false, reason: reasonOf(err, ImageDecodeError) }),
        );
      return { decoded, ms: performance.now() - t };
    });
  }

  async function embedImages(paths: string[]): Promise<ImageResult> {
    const { vision, image } = await model();
    const results = await Promise.all(paths.map((p) => decode(p, image)));
    const decodeMs = results.reduce((sum, r) => sum + r.ms, 0);
    const decoded = results.map((r) => r.decoded);
    const outcomes: ImageOutcome[] = decoded.map((d) =>
      d.ok
        ? { ok: true, width: d.width, height: d.height, format: d.format, contentKey: d.contentKey }
        : { ok: false, reason: d.reason },
    );
    const good = decoded.filter((d) => d.ok);
    if (good.length === 0)
      return { dim: 0, outcomes, vectors: new Float32Array(0), timings: { decodeMs, encodeMs: 0 } };
    const plane = 3 * image.size * image.size;
    const batch = new Float32Array(good.length * plane);
    good.forEach((d, i) => batch.set(d.tensor, i * plane));
    const { vectors, dim, encodeMs } = await vision.run(batch, good.length, image.size);
    return { dim, outcomes, vectors, timings: { decodeMs, encodeMs } };
  }

  async function handle(req: EncoderRequest): Promise<LoadResult | TextResult | ImageResult> {
    switch (req.type) {
      case 'load':
        return load(req);
      case 'embedTexts':
        return embedTexts(req.texts, req.language);
      case 'embedImages':
        return embedImages(req.paths);
    }
  }

  port.onMessage((message) => {
    const req = message as EncoderRequest;
    handle(req).then(
      (result) => port.postMessage({ id: req.id, ok: true, result } satisfies EncoderResponse),
      (err: unknown) =>
        port.postMessage({
          id: req.id,
          ok: false,
          message: err instanceof Error ? err.message : String(err),
        } satisfies EncoderResponse),
    );
  });
}
