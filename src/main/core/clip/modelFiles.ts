/**
 * Which ONNX file of a model folder a session loads. GPU providers take the
 * fp16 export when a Hugging Face folder has one (`onnx/vision_model_fp16.onnx`):
 * half the memory traffic, and tensor cores on CUDA. The CPU keeps fp32: its
 * fp16 kernels are slower, not faster. A folder with only a quantized or fp16
 * graph loads that one.
 */
import path from 'node:path';
import { detectLayout, encoderCandidates, type EncoderKind } from './modelLayout';

export type Precision = 'fp32' | 'fp16';

const GPU_PROVIDERS = new Set(['cuda', 'dml', 'coreml', 'tensorrt', 'rocm', 'webgpu']);

export function isGpuProvider(provider: string): boolean {
  return GPU_PROVIDERS.has(provider);
}

/** The file to load for `kind` on `provider`, and its precision. */
export function modelFile(
  modelDir: string,
  kind: EncoderKind,
  provider: string,
): { file: string; precision: Precision } {
  const layout = detectLayout(modelDir);
  const rel = encoderCandidates(modelDir, layout, kind, isGpuProvider(provider))[0] ?? layout.encoders[kind];
  return { file: path.join(modelDir, rel), precision: rel.endsWith('_fp16.onnx') ? 'fp16' : 'fp32' };
}

/**
 * Images per vision batch: the CPU gains little past 8 (25 img/s at 8 against
 * 19 at 1 on two cores) while latency and memory grow; a GPU needs larger
 * batches to fill.
 */
export function visionBatchSize(provider: string): number {
  return isGpuProvider(provider) ? 32 : 8;
}
