/**
 * The main-side face of the OCR worker: reads the text in images. The worker is
 * started on first use and keeps its models loaded; if it dies, pending calls
 * fail with a clear message and the next call starts a new one.
 */
import { workerCalls } from '../workers/workerCalls';
import type { WorkerSpawner } from '../workers/workerSpawner';
import { OCR_MODEL_ID } from './ocrModel';
import type { LoadResult, OcrCommand, ReadOutcome } from './ocrProtocol';

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

export function createTextReader(options: TextReaderOptions): TextReader {
  const calls = workerCalls<OcrCommand>(options.spawn, 'text reader');
  const ready = () =>
    calls.loaded<LoadResult>(() => ({ type: 'load', providers: options.providers, threads: options.threads }));

  return {
    model: OCR_MODEL_ID,
    async read(paths) {
      if (paths.length === 0) return [];
      await ready();
      return calls.send<ReadOutcome[]>({ type: 'read', paths });
    },
    close: () => calls.close(),
  };
}
