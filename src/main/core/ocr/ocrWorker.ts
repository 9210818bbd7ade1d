/**
 * The OCR worker's logic: owns the OCR engine, reads images one after another
 * (each detector run uses every thread it was given), never touches the
 * database.
 */
import fs from 'node:fs/promises';
import { contentKeyOfBytes } from '../files/contentKey';
import type { WorkerPort } from '../workers/workerSpawner';
import { OcrEngine } from './ocrEngine';
import { decodeOcrImage } from './ocrImage';
import { ocrModelFiles } from './ocrModel';
import type { LoadResult, OcrRequest, OcrResponse, ReadOutcome } from './ocrProtocol';
import { unreadableSize } from './textLimits';

function reasonOf(err: unknown): string {
  const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
  return `could not read text (${message})`;
}

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

  async function readOne(path: string): Promise<ReadOutcome> {
    if (!engine) throw new Error('The text reader has no model loaded');
    const ocr = await engine;
    let contentKey: string | null = null;
    try {
      const bytes = await fs.readFile(path);
      contentKey = contentKeyOfBytes(bytes);
      const image = await decodeOcrImage(bytes, contentKey, path);
      const tooOdd = unreadableSize(image.width, image.height);
      if (tooOdd) return { ok: false, contentKey, reason: tooOdd };
      return { ok: true, contentKey, lines: await ocr.read(image.pixels, image.scale) };
    } catch (err) {
      return { ok: false, contentKey, reason: reasonOf(err) };
    }
  }

  async function handle(req: OcrRequest): Promise<LoadResult | ReadOutcome[]> {
    if (req.type === 'load') return load(req.providers, req.threads);
    const outcomes: ReadOutcome[] = [];
    for (const path of req.paths) outcomes.push(await readOne(path));
    return outcomes;
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
