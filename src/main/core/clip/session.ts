/**
 * ONNX Runtime sessions for a CLIP model folder in the Hugging Face layout
 * (`onnx/vision_model.onnx`, `onnx/text_model.onnx`, and their `_fp16`
 * variants for GPUs). Input and output names and types are read from the
 * sessions, so other exports with the same contract work too.
 *
 * `run` occupies the calling JS thread: this module is only used inside the
 * encoder worker (the vision session on a thread of its own), never on the main
 * process's event loop.
 */
import { availableParallelism } from 'node:os';
import ort from 'onnxruntime-node';
import type { ProviderReport } from '../../../shared/types';
import { fromHalf, toHalf } from './half';
import { modelFile } from './modelFiles';
import type { EncoderKind } from './modelLayout';
import type { TokenBatch } from './textTokenizer';

export interface ClipSessions {
  readonly vision: ort.InferenceSession;
  readonly text: ort.InferenceSession;
  readonly report: ProviderReport;
}

export interface OpenedSession {
  session: ort.InferenceSession;
  report: ProviderReport;
}

function describe(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n')[0]!.slice(0, 300);
}

/** How a session uses the CPU (GPU providers ignore both). */
export interface SessionTuning {
  /** Intra-op threads; default: one per core. */
  threads?: number;
  /**
   * Whether idle intra-op threads spin between operators (ONNX Runtime's default) or sleep. Spinning
   * gains a little when the session has the cores to itself; beside image decoding it burns the
   * cycles decoding needs, and a thread that waits at a barrier for one that decoding preempted
   * spins all the while.
   */
  spinning?: boolean;
}

const threadsOf = (tuning: SessionTuning) => tuning.threads ?? Math.max(1, availableParallelism());

export async function createSession(
  file: string,
  provider: string,
  tuning: SessionTuning = {},
): Promise<ort.InferenceSession> {
  const spinning = tuning.spinning === false ? '0' : '1';
  return ort.InferenceSession.create(file, {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
    // A GPU provider that cannot start logs a native error; the fallback report already says why.
    logSeverityLevel: provider === 'cpu' ? 2 : 4,
    intraOpNumThreads: threadsOf(tuning),
    extra: { session: { intra_op: { allow_spinning: spinning }, inter_op: { allow_spinning: spinning } } },
  });
}

/**
 * Opens one encoder on the first provider that accepts it, in the order given
 * (which ends with `cpu`), and reports the choice and why better ones were
 * passed over.
 */
export async function openSession(
  modelDir: string,
  kind: EncoderKind,
  providers: string[],
  tuning: SessionTuning = {},
): Promise<OpenedSession> {
  const failures: string[] = [];
  for (const provider of providers) {
    const { file, precision } = modelFile(modelDir, kind, provider);
    try {
      const session = await createSession(file, provider, tuning);
      const fallbackReason = failures.length ? { fallbackReason: failures.join('; ') } : {};
      const threads = provider === 'cpu' ? { threads: threadsOf(tuning) } : {};
      return { session, report: { provider, requested: providers, precision, ...threads, ...fallbackReason } };
    } catch (err) {
      if (provider === 'cpu') throw err;
      failures.push(`${provider}: ${describe(err)}`);
    }
  }
  throw new Error(`No execution provider could load the model (${failures.join('; ')})`);
}

/** Both encoders on the first provider that takes the vision model. */
export async function openClipSessions(modelDir: string, providers: string[]): Promise<ClipSessions> {
  const vision = await openSession(modelDir, 'vision', providers);
  const text = await openSession(modelDir, 'text', [...new Set([vision.report.provider, 'cpu'])]);
  return { vision: vision.session, text: text.session, report: vision.report };
}

/**
 * The output that carries the pooled embedding: `image_embeds` / `text_embeds` (CLIP exports),
 * `pooler_output` (SigLIP exports, beside `last_hidden_state`), else the first (Immich's `embedding`).
 */
function embeddingOutput(session: ort.InferenceSession, kind: 'image' | 'text'): string {
  const names = session.outputNames;
  return (
    names.find((n) => n === `${kind}_embeds`) ??
    names.find((n) => n.endsWith('embeds')) ??
    names.find((n) => n === 'pooler_output') ??
    names[0]!
  );
}

function inputType(session: ort.InferenceSession, name: string): string {
  const meta = session.inputMetadata.find((m) => m.name === name);
  return meta?.isTensor ? meta.type : 'float32';
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

/** An embedding output as unit float32 rows, whatever precision the model computes in. */
function embeddings(tensor: ort.Tensor): { vectors: Float32Array; dim: number } {
  const dim = tensor.dims[tensor.dims.length - 1]!;
  const data =
    tensor.type === 'float16' ? fromHalf(tensor.data as Uint16Array) : new Float32Array(tensor.data as Float32Array);
  return { vectors: normalizeRows(data, dim), dim };
}

/** The size a graph fixes for one axis of an input, or undefined when the axis is dynamic. */
function fixedAxis(session: ort.InferenceSession, name: string, axis: number): number | undefined {
  const meta = session.inputMetadata.find((m) => m.name === name);
  const size = meta?.isTensor ? meta.shape[axis] : undefined;
  return typeof size === 'number' && size > 0 ? size : undefined;
}

/**
 * Runs `rows` rows through `run` in chunks of the batch size the graph fixes (Immich exports
 * without a dynamic batch axis take one row at a time), all at once otherwise.
 */
async function inChunks(
  rows: number,
  fixed: number | undefined,
  run: (start: number, count: number) => Promise<{ vectors: Float32Array; dim: number }>,
): Promise<{ vectors: Float32Array; dim: number }> {
  if (fixed === undefined || fixed >= rows) return run(0, rows);
  const parts: Float32Array[] = [];
  let dim = 0;
  for (let start = 0; start < rows; start += fixed) {
    const part = await run(start, Math.min(fixed, rows - start));
    parts.push(part.vectors);
    dim = part.dim;
  }
  const vectors = new Float32Array(rows * dim);
  parts.reduce((offset, part) => (vectors.set(part, offset), offset + part.length), 0);
  return { vectors, dim };
}

/** Runs the vision encoder on a [n,3,S,S] batch; returns n unit vectors, row-major. */
export async function runVision(
  vision: ort.InferenceSession,
  pixels: Float32Array,
  n: number,
  size: number,
): Promise<{ vectors: Float32Array; dim: number }> {
  const input = vision.inputNames[0]!;
  const plane = 3 * size * size;
  return inChunks(n, fixedAxis(vision, input, 0), async (start, count) => {
    const slice = pixels.subarray(start * plane, (start + count) * plane);
    const dims = [count, 3, size, size];
    const tensor =
      inputType(vision, input) === 'float16'
        ? new ort.Tensor('float16', toHalf(slice), dims)
        : new ort.Tensor('float32', slice, dims);
    const out = await vision.run({ [input]: tensor });
    return embeddings(out[embeddingOutput(vision, 'image')]!);
  });
}

/** One int tensor of a token batch, in the integer type the model declares for that input. */
function intTensor(session: ort.InferenceSession, name: string, values: number[], dims: number[]): ort.Tensor {
  if (inputType(session, name) === 'int32') return new ort.Tensor('int32', Int32Array.from(values), dims);
  return new ort.Tensor(
    'int64',
    BigInt64Array.from(values, (v) => BigInt(v)),
    dims,
  );
}

/**
 * Runs the text encoder on a token batch; returns one unit vector per row. The ids go to whichever
 * input is not the mask (`input_ids` in Hugging Face exports, `text` in Immich's).
 */
export async function runText(
  text: ort.InferenceSession,
  batch: TokenBatch,
): Promise<{ vectors: Float32Array; dim: number }> {
  const first = text.inputNames[0]!;
  // A graph exported at one sequence length (Immich's, at the full context) takes rows padded to it.
  const cols = Math.max(batch.cols, fixedAxis(text, first, 1) ?? 0);
  const widen = (values: number[], row: number, pad: number) => {
    const out = values.slice(row * batch.cols, (row + 1) * batch.cols);
    while (out.length < cols) out.push(pad);
    return out;
  };
  return inChunks(batch.rows, fixedAxis(text, first, 0), async (start, count) => {
    const rows = Array.from({ length: count }, (_, i) => start + i);
    const feeds: Record<string, ort.Tensor> = {};
    for (const name of text.inputNames) {
      const mask = name === 'attention_mask';
      const values = rows.flatMap((r) => widen(mask ? batch.mask : batch.ids, r, mask ? 0 : batch.padId));
      feeds[name] = intTensor(text, name, values, [count, cols]);
    }
    const out = await text.run(feeds);
    return embeddings(out[embeddingOutput(text, 'text')]!);
  });
}
