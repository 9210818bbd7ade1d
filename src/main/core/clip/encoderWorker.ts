/**
 * The encoder worker's logic: owns the ONNX sessions and the tokenizer, decodes
 * and preprocesses images, runs batches. Never touches the database.
 *
 * Requests are handled as they arrive: an image batch starts decoding at once
 * (sharp works on libuv threads) and then waits its turn for the model, so the
 * next batch decodes while the current one is being encoded.
 */
import { openClipSessions, runText, runVision, type ClipSessions } from './session';
import { ClipTokenizer } from './tokenizer';
import { preprocessImage, ImageDecodeError } from './preprocess';
import type {
  EncoderPort,
  EncoderRequest,
  EncoderResponse,
  ImageOutcome,
  ImageResult,
  LoadResult,
  TextResult,
} from './encoderProtocol';

const IMAGE_SIZE = 224;

interface Loaded {
  sessions: ClipSessions;
  tokenizer: ClipTokenizer;
}

/** Serialises use of the sessions while letting decoding run ahead. */
function createModelLock() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const next = tail.then(work, work);
    tail = next.catch(() => undefined);
    return next;
  };
}

function reasonOf(err: unknown): string {
  if (err instanceof ImageDecodeError) return err.reason;
  return `could not read image (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`;
}

export function runEncoderWorker(port: EncoderPort): void {
  let loaded: Promise<Loaded> | null = null;
  const withModel = createModelLock();

  async function load(req: Extract<EncoderRequest, { type: 'load' }>): Promise<LoadResult> {
    const pending = (async () => ({
      sessions: await openClipSessions(req.modelDir, req.providers),
      tokenizer: await ClipTokenizer.load(req.vocabPath),
    }))();
    loaded = pending;
    const { sessions } = await pending;
    return { report: sessions.report, imageSize: IMAGE_SIZE };
  }

  function model(): Promise<Loaded> {
    if (!loaded) throw new Error('The encoder has no model loaded');
    return loaded;
  }

  async function embedTexts(texts: string[]): Promise<TextResult> {
    const { sessions, tokenizer } = await model();
    const { ids, rows, cols } = tokenizer.encodeBatch(texts);
    return withModel(() => runText(sessions, ids, rows, cols));
  }

  async function embedImages(paths: string[]): Promise<ImageResult> {
    const decoded = await Promise.all(
      paths.map((p) =>
        preprocessImage(p, { size: IMAGE_SIZE }).then(
          (r) => ({ ok: true as const, ...r }),
          (err: unknown) => ({ ok: false as const, reason: reasonOf(err) }),
        ),
      ),
    );
    const outcomes: ImageOutcome[] = decoded.map((d) =>
      d.ok ? { ok: true, width: d.width, height: d.height, format: d.format } : { ok: false, reason: d.reason },
    );
    const good = decoded.filter((d) => d.ok);
    if (good.length === 0) return { dim: 0, outcomes, vectors: new Float32Array(0) };
    const plane = 3 * IMAGE_SIZE * IMAGE_SIZE;
    const batch = new Float32Array(good.length * plane);
    good.forEach((d, i) => batch.set(d.tensor, i * plane));
    const { sessions } = await model();
    const { vectors, dim } = await withModel(() => runVision(sessions, batch, good.length, IMAGE_SIZE));
    return { dim, outcomes, vectors };
  }

  async function handle(req: EncoderRequest): Promise<LoadResult | TextResult | ImageResult> {
    switch (req.type) {
      case 'load':
        return load(req);
      case 'embedTexts':
        return embedTexts(req.texts);
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
