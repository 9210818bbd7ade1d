/**
 * The encoder worker's handle on its vision thread: numbered requests, pixel
 * buffers moved (not copied) across, answers matched by id.
 */
import type { Worker } from 'node:worker_threads';
import type { ProviderReport } from '../../../shared/types';
import type { VisionRequest, VisionResponse } from './visionThread';

type Pending = { resolve: (r: VisionResponse & { ok: true }) => void; reject: (e: Error) => void };

export interface VisionClient {
  load(modelDir: string, providers: string[], threads?: number): Promise<ProviderReport>;
  /** Encodes n preprocessed images ([n,3,size,size]); the buffer is handed over and unusable afterwards. */
  run(pixels: Float32Array, n: number, size: number): Promise<{ vectors: Float32Array; dim: number; encodeMs: number }>;
}

/** Wraps a started vision thread; `onExit` hears of its death (pending requests fail first). */
export function createVisionClient(thread: Worker, onExit: (code: number) => void): VisionClient {
  const pending = new Map<number, Pending>();
  let nextId = 1;
  thread.on('message', (res: VisionResponse) => {
    const p = pending.get(res.id);
    if (!p) return;
    pending.delete(res.id);
    if (res.ok) p.resolve(res);
    else p.reject(new Error(res.message));
  });
  const fail = (code: number) => {
    const err = new Error(`The vision encoder stopped unexpectedly (exit code ${code})`);
    for (const p of pending.values()) p.reject(err);
    pending.clear();
    onExit(code);
  };
  thread.on('exit', fail);
  thread.on('error', () => fail(1));

  function send(req: VisionRequest, transfer: ArrayBuffer[] = []): Promise<VisionResponse & { ok: true }> {
    return new Promise((resolve, reject) => {
      pending.set(req.id, { resolve, reject });
      thread.postMessage(req, transfer);
    });
  }

  return {
    async load(modelDir, providers, threads) {
      const res = await send({ type: 'load', id: nextId++, modelDir, providers, threads });
      if (!('report' in res)) throw new Error('The vision encoder answered a load with no report');
      return res.report;
    },
    async run(pixels, n, size) {
      const res = await send({ type: 'run', id: nextId++, pixels, n, size }, [pixels.buffer as ArrayBuffer]);
      if (!('vectors' in res)) throw new Error('The vision encoder answered a batch with no vectors');
      return res;
    },
  };
}
