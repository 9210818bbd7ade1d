/**
 * ONNX Runtime sessions for a CLIP model folder in the Hugging Face layout
 * (`onnx/vision_model.onnx`, `onnx/text_model.onnx`). Input and output names are
 * read from the sessions, so other exports with the same contract work too.
 *
 * `run` occupies the calling JS thread: this module is only ever used inside the
 * encoder worker, never on the main process's event loop.
 */
import path from 'node:path';
import { availableParallelism } from 'node:os';
import ort from 'onnxruntime-node';
import type { ProviderReport } from '../../../shared/types';

export interface ClipSessions {
  readonly vision: ort.InferenceSession;
  readonly text: ort.InferenceSession;
  readonly report: ProviderReport;
}

function describe(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n')[0]!.slice(0, 300);
}

async function createOne(file: string, provider: string): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(file, {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
    // A GPU provider that cannot start logs a native error; the fallback report already says why.
    logSeverityLevel: provider === 'cpu' ? 2 : 4,
    intraOpNumThreads: Math.max(1, availableParallelism()),
  });
}

/**
 * Opens both encoders on the first provider that accepts them, in the order
 * given (which ends with `cpu`), and reports the choice and why better ones
 * were passed over.
 */
export async function openClipSessions(modelDir: string, providers: string[]): Promise<ClipSessions> {
  const visionFile = path.join(modelDir, 'onnx', 'vision_model.onnx');
  const textFile = path.join(modelDir, 'onnx', 'text_model.onnx');
  const failures: string[] = [];
  for (const provider of providers) {
    try {
      const vision = await createOne(visionFile, provider);
      const text = await createOne(textFile, provider);
      return {
        vision,
        text,
        report: {
          provider,
          requested: providers,
          ...(failures.length ? { fallbackReason: failures.join('; ') } : {}),
        },
      };
    } catch (err) {
      if (provider === 'cpu') throw err;
      failures.push(`${provider}: ${describe(err)}`);
    }
  }
  throw new Error(`No execution provider could load the model (${failures.join('; ')})`);
}

/** The output that carries the projected embedding (`image_embeds` / `text_embeds`). */
function embeddingOutput(session: ort.InferenceSession, kind: 'image' | 'text'): string {
  const names = session.outputNames;
  return names.find((n) => n === `${kind}_embeds`) ?? names.find((n) => n.endsWith('embeds')) ?? names[0]!;
}

/** Scales each row of a [rows, dim] matrix to unit length, in place. */
export function normalizeRows(data: Float32Array, dim: number): Float32Array {
  for (let r = 0; r < data.length; r += dim) {
    let sum = 0;
    for (let i = r; i < r + dim; i++) sum += data[i]! * data[i]!;
    const scale = sum > 0 ? 1 / Math.sqrt(sum) : 0;
    for (let i = r; i < r + dim; i++) data[i]! *= scale;
  }
  return data;
}

/** Runs the vision encoder on a [n,3,S,S] batch; returns n unit vectors, row-major. */
export async function runVision(
  sessions: ClipSessions,
  pixels: Float32Array,
  n: number,
  size: number,
): Promise<{ vectors: Float32Array; dim: number }> {
  const input = sessions.vision.inputNames[0]!;
  const feeds = { [input]: new ort.Tensor('float32', pixels, [n, 3, size, size]) };
  const out = await sessions.vision.run(feeds);
  const tensor = out[embeddingOutput(sessions.vision, 'image')]!;
  const dim = tensor.dims[tensor.dims.length - 1]!;
  return { vectors: normalizeRows(new Float32Array(tensor.data as Float32Array), dim), dim };
}

/** Runs the text encoder on [rows, cols] token ids; returns rows unit vectors. */
export async function runText(
  sessions: ClipSessions,
  ids: BigInt64Array,
  rows: number,
  cols: number,
): Promise<{ vectors: Float32Array; dim: number }> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const name of sessions.text.inputNames) {
    if (name === 'attention_mask') {
      // Exports that take a mask want 1 for real tokens; padding is id 0 after end-of-text.
      const mask = new BigInt64Array(ids.length);
      for (let r = 0; r < rows; r++) {
        let seenEnd = false;
        for (let c = 0; c < cols; c++) {
          const i = r * cols + c;
          mask[i] = seenEnd ? 0n : 1n;
          if (ids[i] === 49407n) seenEnd = true;
        }
      }
      feeds[name] = new ort.Tensor('int64', mask, [rows, cols]);
    } else {
      feeds[name] = new ort.Tensor('int64', ids, [rows, cols]);
    }
  }
  const out = await sessions.text.run(feeds);
  const tensor = out[embeddingOutput(sessions.text, 'text')]!;
  const dim = tensor.dims[tensor.dims.length - 1]!;
  return { vectors: normalizeRows(new Float32Array(tensor.data as Float32Array), dim), dim };
}
