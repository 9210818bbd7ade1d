/**
 * The OCR worker's logic: owns the OCR engine, reads images one after another
 * (each detector run uses every thread it was given), never touches the
 * database.
 */
import fs from 'node:fs/promises';
import { contentKeyOfBytes } from '../files/contentKey';
import type { WorkerPort } from '../workers/workerSpawner';
import { OcrEngine } from './ocrEngine';
import { decodeOcrImage, type OcrImage } from './ocrImage';
import { ocrModelFiles } from './ocrModel';
import type { LoadResult, OcrRequest, OcrResponse, ReadOutcome } from './ocrProtocol';
import { unreadableSize } from './textLimits';

function reasonOf(err: unknown): string {
  const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
  return `could not read text (${message})`;
}

type Decoded = { ok: true; image: OcrImage } | Extract<ReadOutcome, { ok: false }>;

export function runOcrWorker(port: WorkerPort): void {
  let engine: Promise<OcrEngine> | null = null;

  async function load(providers: string[], threads?: number): Promise<LoadResult> {
    const attempt = OcrEngine.open(ocrModelFiles(), providers, threads);
    engine = attempt;
    attempt.catch(() => {
      if (engine === attempt) engine = null;
    });
    return { provider: (await attempt).provider };
  }

  /** An image decoded for reading, or why it cannot be read. */
  async function decode(path: string): Promise<Decoded> {
    let contentKey: string | null = null;
    try {
      const bytes = await fs.readFile(path);
      contentKey = contentKeyOfBytes(bytes);
      const image = await decodeOcrImage(bytes, contentKey, path);
      const tooOdd = unreadableSize(image.width, image.height);
      return tooOdd ? { ok: false, contentKey, reason: tooOdd } : { ok: true, image };
    } catch (err) {
      return { ok: false, contentKey, reason: reasonOf(err) };
    }
  }

  async function readAll(paths: string[]): Promise<ReadOutcome[]> {
    if (!engine) throw new Error('The text reader has no model loaded');
    const ocr = await engine;
    const outcomes: ReadOutcome[] = [];
    // The next image decodes (on libuv's pool) while the models read this one.
    let next = paths.length ? decode(paths[0]!) : null;
    for (let i = 0; i < paths.length; i++) {
      const decoded = await next!;
      next = i + 1 < paths.length ? decode(paths[i + 1]!) : null;
      if (!decoded.ok) {
        outcomes.push(decoded);
        continue;
      }
      const { image } = decoded;
      try {
        outcomes.push({ ok: true, contentKey: image.contentKey, lines: await ocr.read(image.pixels, image.scale) });
      } catch (err) {
        outcomes.push({ ok: false, contentKey: image.contentKey, reason: reasonOf(err) });
      }
    }
    return outcomes;
  }

  async function handle(req: OcrRequest): Promise<LoadResult | ReadOutcome[]> {
    if (req.type === 'load') return load(req.providers, req.threads);
    return readAll(req.paths);
  }

  // One request at a time, in order: a batch never competes with the next for the cores.
  let tail: Promise<void> = Promise.resolve();
  port.onMessage((message) => {
    const req = message as OcrRequest;
    tail = tail.then(() =>
      handle(req).then(
        (result) => port.postMessage({ id: req.id, ok: true, result } satisfies OcrResponse),
        (err: unknown) =>
          port.postMessage({
            id: req.id,
            ok: false,
            message: err instanceof Error ? err.message : String(err),
          } satisfies OcrResponse),
      ),
    );
  });
}
