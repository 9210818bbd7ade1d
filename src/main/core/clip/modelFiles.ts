/**
 * Which ONNX file of a model folder (Hugging Face layout) a session loads.
 * GPU providers take the fp16 export when the folder has one
 * (`onnx/vision_model_fp16.onnx`): half the memory traffic, and tensor cores
 * on CUDA. The CPU keeps fp32: its fp16 kernels are slower, not faster.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export type EncoderKind = 'vision' | 'text';
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
  const fp32 = path.join(modelDir, 'onnx', `${kind}_model.onnx`);
  const fp16 = path.join(modelDir, 'onnx', `${kind}_model_fp16.onnx`);
  if (isGpuProvider(provider) && existsSync(fp16)) return { file: fp16, precision: 'fp16' };
  return { file: fp32, precision: 'fp32' };
}

/**
 * Images per vision batch: the CPU gains little past 8 (25 img/s at 8 against
 * 19 at 1 on two cores) while latency and memory grow; a GPU needs larger
 * batches to fill.
 */
export function visionBatchSize(provider: string): number {
  return isGpuProvider(provider) ? 32 : 8;
}
