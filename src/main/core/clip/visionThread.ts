/**
 * The vision encoder on a thread of its own inside the encoder worker. ONNX
 * Runtime's `run` holds the calling JS thread for the whole batch (hundreds of
 * milliseconds on a CPU), so running it here keeps the worker's own thread free
 * to decode the next images and to answer text queries meanwhile. Batches run
 * in the order they arrive.
 */
import type { MessagePort } from 'node:worker_threads';
import type ort from 'onnxruntime-node';
import type { ProviderReport } from '../../../shared/types';
import { openSession, runVision, type SessionTuning } from './session';

/**
 * The vision session shares the cores with image decoding: its idle threads sleep rather than spin
 * (bench:index on 2 cores: less CPU per image and more images per second).
 */
export const VISION_TUNING: SessionTuning = { spinning: false };

export type VisionRequest =
  | { type: 'load'; id: number; modelDir: string; providers: string[]; threads?: number }
  | { type: 'run'; id: number; pixels: Float32Array; n: number; size: number };

export type VisionResponse =
  | { id: number; ok: true; report: ProviderReport }
  | { id: number; ok: true; vectors: Float32Array; dim: number; encodeMs: number }
  | { id: number; ok: false; message: string };

/** Serves vision requests on `port` (the thread's parentPort). */
export function runVisionThread(port: MessagePort): void {
  let session: ort.InferenceSession | null = null;

  async function handle(req: VisionRequest): Promise<VisionResponse> {
    if (req.type === 'load') {
      const opened = await openSession(req.modelDir, 'vision', req.providers, {
        ...VISION_TUNING,
        threads: req.threads,
      });
      session = opened.session;
      return { id: req.id, ok: true, report: opened.report };
    }
    if (!session) throw new Error('The vision encoder has no model loaded');
    const t = performance.now();
    const { vectors, dim } = await runVision(session, req.pixels, req.n, req.size);
    return { id: req.id, ok: true, vectors, dim, encodeMs: performance.now() - t };
  }

  // One at a time: a batch that arrives while another runs waits in this chain, not in ONNX Runtime.
  let tail: Promise<void> = Promise.resolve();
  port.on('message', (req: VisionRequest) => {
    tail = tail.then(async () => {
      try {
        const res = await handle(req);
        port.postMessage(res, 'vectors' in res ? [res.vectors.buffer as ArrayBuffer] : []);
      } catch (err) {
        port.postMessage({ id: req.id, ok: false, message: err instanceof Error ? err.message : String(err) });
      }
    });
  });
}
