/**
 * The main-side face of the OCR worker: reads the text in images. The worker is
 * started on first use and keeps its models loaded; if it dies, pending calls
 * fail with a clear message and the next call starts a new one.
 */
import type { WorkerHandle, WorkerSpawner } from '../workers/workerSpawner';
import { OCR_MODEL_ID } from './ocrModel';
import type { LoadResult, OcrCommand, OcrResponse, ReadOutcome } from './ocrProtocol';

export type { ReadOutcome } from './ocrProtocol';

export interface TextReader {
  /** The OCR model's id and version, stored with each text read. */
  readonly model: string;
  /** Reads each image; one outcome per path, in order. */
  read(paths: string[]): Promise<ReadOutcome[]>;
  close(): Promise<void>;
}

export interface TextReaderOptions {
  spawn: WorkerSpawner;
  providers: string[];
  /** Intra-op threads per model; default: one per core. */
  threads?: number;
}

type Pending = { resolve: (r: unknown) => void; reject: (e: Error) => void };

export function createTextReader(options: TextReaderOptions): TextReader {
  let worker: WorkerHandle | null = null;
  let loaded: Promise<LoadResult> | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  function start(): WorkerHandle {
    if (worker) return worker;
    const w = options.spawn();
    worker = w;
    w.onMessage((message) => {
      const res = message as OcrResponse;
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
      const err = new Error(`The text reader stopped unexpectedly (exit code ${code})`);
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    });
    return w;
  }

  function send<T>(command: OcrCommand): Promise<T> {
    const w = start();
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (r: unknown) => void, reject });
      w.keepAlive(true);
      w.postMessage({ ...command, id });
    });
  }

  function ready(): Promise<LoadResult> {
    if (!loaded) {
      const attempt = send<LoadResult>({ type: 'load', providers: options.providers, threads: options.threads });
      loaded = attempt;
      attempt.catch(() => {
        if (loaded === attempt) loaded = null;
      });
    }
    return loaded;
  }

  return {
    model: OCR_MODEL_ID,
    async read(paths) {
      if (paths.length === 0) return [];
      await ready();
      return send<ReadOutcome[]>({ type: 'read', paths });
    },
    async close() {
      const w = worker;
      worker = null;
      loaded = null;
      if (w) await w.terminate();
    },
  };
}
