/**
 * The Gemini Batch API as Atelier uses it: many image requests in one job at
 * half the price, answered within a day. Requests go inline while they fit
 * the API's inline limit, else as a JSONL file uploaded first; results come
 * back inline or as a file, each under the key it was sent with.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { GenerateContentResponse, GoogleGenAI, InlinedRequest } from '@google/genai';
import { imageGenerationConfig, type ImageRequest, requestContents } from './imageRequest';
import { REQUEST_BYTES_LIMIT } from './referenceImages';

/** The API's limit on a batch's inline requests together; over it they go as an uploaded file. */
export const BATCH_INLINE_LIMIT = REQUEST_BYTES_LIMIT;

/** States after which a batch changes no more. */
export const FINISHED_BATCH_STATES = [
  'JOB_STATE_SUCCEEDED',
  'JOB_STATE_PARTIALLY_SUCCEEDED',
  'JOB_STATE_FAILED',
  'JOB_STATE_CANCELLED',
  'JOB_STATE_EXPIRED',
];

export interface SubmittedBatch {
  name: string;
  state: string;
  /** The uploaded file holding the requests, when they were too large to send inline. */
  inputFile?: string;
}

export interface BatchResult {
  key: string;
  response?: GenerateContentResponse;
  /** Why the API made nothing for this request. */
  error?: string;
}

export interface BatchStatus {
  state: string;
  /** Why the whole batch failed, as the API says it. */
  error?: string;
  /** Each request's answer, once the batch has succeeded. */
  results?: BatchResult[];
}

export interface BatchApi {
  submit(
    model: string,
    requests: Array<{ key: string; request: ImageRequest }>,
    options: { displayName: string; inlineLimitBytes?: number },
    signal: AbortSignal,
  ): Promise<SubmittedBatch>;
  check(name: string, signal: AbortSignal): Promise<BatchStatus>;
  /** Asks the service to stop a batch; what it made so far is not collected. */
  cancel(name: string, signal: AbortSignal): Promise<void>;
}

interface FileLine {
  key?: string;
  response?: GenerateContentResponse;
  error?: { message?: string };
}

export function createBatchApi(sdk: () => Promise<GoogleGenAI>): BatchApi {
  return {
    async submit(model, requests, options, signal) {
      const ai = await sdk();
      const inlined: InlinedRequest[] = requests.map(({ key, request }) => ({
        contents: requestContents(request),
        config: imageGenerationConfig(request),
        metadata: { key },
      }));
      const limit = options.inlineLimitBytes ?? BATCH_INLINE_LIMIT;
      let inputFile: string | undefined;
      if (Buffer.byteLength(JSON.stringify(inlined)) > limit) {
        // Each line as the REST API takes it: the key, and the request in its own field names.
        const lines = requests.map(({ key, request }) =>
          JSON.stringify({
            key,
            request: { contents: requestContents(request), generationConfig: imageGenerationConfig(request) },
          }),
        );
        const file = await ai.files.upload({
          file: new Blob([`${lines.join('\n')}\n`], { type: 'application/jsonl' }),
          config: { mimeType: 'jsonl', displayName: options.displayName, abortSignal: signal },
        });
        inputFile = file.name;
      }
      const batch = await ai.batches.create({
        model,
        src: inputFile ? { fileName: inputFile } : inlined,
        config: { displayName: options.displayName, abortSignal: signal },
      });
      if (!batch.name) throw new Error('The Batch API answered without a batch name.');
      return { name: batch.name, state: batch.state ?? 'JOB_STATE_PENDING', ...(inputFile ? { inputFile } : {}) };
    },

    async cancel(name, signal) {
      const ai = await sdk();
      await ai.batches.cancel({ name, config: { abortSignal: signal } });
    },

    async check(name, signal) {
      const ai = await sdk();
      const batch = await ai.batches.get({ name, config: { abortSignal: signal } });
      const state: string = batch.state ?? 'JOB_STATE_UNSPECIFIED';
      const error = batch.error?.message;
      if (state !== 'JOB_STATE_SUCCEEDED' && state !== 'JOB_STATE_PARTIALLY_SUCCEEDED') {
        return { state, ...(error ? { error } : {}) };
      }
      const inline = batch.dest?.inlinedResponses;
      if (inline) {
        return {
          state,
          results: inline.map((r, i) => ({
            key: r.metadata?.key ?? String(i),
            ...(r.response ? { response: r.response } : {}),
            ...(r.error ? { error: r.error.message ?? 'no answer' } : {}),
          })),
        };
      }
      const fileName = batch.dest?.fileName;
      if (!fileName) return { state, results: [] };
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'atelier-batch-'));
      try {
        const downloadPath = path.join(dir, 'results.jsonl');
        await ai.files.download({ file: fileName, downloadPath, config: { abortSignal: signal } });
        const text = await fs.readFile(downloadPath, 'utf8');
        const lines = text.split('\n').filter((l) => l.trim());
        return {
          state,
          results: lines.map((line, i) => {
            const parsed = JSON.parse(line) as FileLine;
            return {
              key: parsed.key ?? String(i),
              ...(parsed.response ? { response: parsed.response } : {}),
              ...(parsed.error ? { error: parsed.error.message ?? 'no answer' } : {}),
            };
          }),
        };
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    },
  };
}
