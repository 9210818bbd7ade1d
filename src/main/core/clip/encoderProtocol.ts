/**
 * Messages between the encoder client (main side) and the encoder worker. The
 * same protocol runs over a worker thread (CLI, serve, tests) and over an
 * Electron utilityProcess, so the transport is a small port interface.
 */
import type { ProviderReport } from '../../../shared/types';

export interface LoadRequest {
  type: 'load';
  modelDir: string;
  vocabPath: string;
  providers: string[];
  /** Intra-op threads of the vision session; default: one per core. */
  visionThreads?: number;
  /** libuv's thread pool size in the worker's process, which bounds concurrent decodes; default 4. */
  threadPoolSize?: number;
}

export interface TextRequest {
  type: 'embedTexts';
  texts: string[];
  /** The texts' language tag, for models that read it (NLLB). */
  language?: string;
}

export interface ImageRequest {
  type: 'embedImages';
  paths: string[];
}

/** A request before the client numbers it. */
export type EncoderCommand = LoadRequest | TextRequest | ImageRequest;

export type EncoderRequest = EncoderCommand & { id: number };

/**
 * Per image: its size and format, and the content key of the bytes that were
 * decoded (so that indexing need not read a new file twice), or why it could
 * not be used.
 */
export type ImageOutcome =
  { ok: true; width: number; height: number; format: string; contentKey: string } | { ok: false; reason: string };

export interface LoadResult {
  report: ProviderReport;
  imageSize: number;
  /** Images per request that keep the execution provider busy (see modelFiles.visionBatchSize). */
  batchSize: number;
}

export interface TextResult {
  dim: number;
  /** rows × dim unit vectors, row-major. */
  vectors: Float32Array;
}

/** Where one image request spent its time, for progress reports and benchmarks. */
export interface StageTimings {
  /** Read, decode and preprocess, summed over the request's images. */
  decodeMs: number;
  /** The vision model's run on the batch. */
  encodeMs: number;
}

export interface ImageResult {
  dim: number;
  outcomes: ImageOutcome[];
  /** One unit vector per `ok` outcome, in order. */
  vectors: Float32Array;
  timings: StageTimings;
}

export type EncoderResponse =
  { id: number; ok: true; result: LoadResult | TextResult | ImageResult } | { id: number; ok: false; message: string };
