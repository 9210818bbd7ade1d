/**
 * How many images the encoder worker decodes at once, and in what order.
 *
 * sharp decodes on libuv's thread pool (4 threads unless UV_THREADPOOL_SIZE
 * says otherwise: the edges pass its size in), so the worker's JS thread only starts decodes and collects
 * them; this bound keeps the number of full-resolution bitmaps in memory small
 * (a 12-megapixel photo is 36 MB decoded) and hands out slots first come, first
 * served, so the batch the vision encoder needs next finishes first. Measured on
 * two cores, decoding this way beat decode worker threads (same throughput or
 * better, less CPU per image, no extra V8 heaps).
 */
import { availableParallelism } from 'node:os';
import sharp from 'sharp';

/** libuv's default thread pool: more concurrent decodes than this only queue inside it. */
export const DEFAULT_THREAD_POOL = 4;

export interface DecodeSlots {
  run<T>(work: () => Promise<T>): Promise<T>;
  /** The most decodes that ever ran at once (for tests and benchmarks). */
  readonly peak: number;
  readonly limit: number;
}

/**
 * Sized to the machine: one decode per core up to the thread pool's size; on
 * machines with more cores than that, libvips gets the rest as threads within
 * each image (sharp.concurrency), so a GPU box's cores all decode.
 * `threadPool` is libuv's pool size in this process.
 */
export function machineDecodeSlots(cores = availableParallelism(), threadPool = DEFAULT_THREAD_POOL): number {
  const slots = Math.max(2, Math.min(cores, threadPool));
  if (cores > threadPool) sharp.concurrency(Math.ceil(cores / slots));
  return slots;
}

export function createDecodeSlots(limit = machineDecodeSlots()): DecodeSlots {
  const waiting: Array<() => void> = [];
  let active = 0;
  let peak = 0;
  // A freed slot passes straight to the longest waiter, so a newcomer cannot slip in between.
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  return {
    limit,
    get peak() {
      return peak;
    },
    async run<T>(work: () => Promise<T>): Promise<T> {
      if (active < limit) active++;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      peak = Math.max(peak, active);
      try {
        return await work();
      } finally {
        release();
      }
    },
  };
}
