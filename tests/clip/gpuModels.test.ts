/**
 * What a GPU provider loads: the fp16 export when the model folder has one,
 * fed and read through half-precision conversion; batch sizes per provider.
 * (No GPU here: the choice and the conversion are checked, not a GPU run.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fromHalf, fromHalfBits, toHalf, toHalfBits } from '../../src/main/core/clip/half';
import { modelFile, visionBatchSize } from '../../src/main/core/clip/modelFiles';

describe('half precision', () => {
  it('converts exact values and the edges of the range', () => {
    expect(toHalfBits(1)).toBe(0x3c00);
    expect(toHalfBits(-2)).toBe(0xc000);
    expect(toHalfBits(0.5)).toBe(0x3800);
    expect(toHalfBits(65504)).toBe(0x7bff); // the largest half
    expect(toHalfBits(1e6)).toBe(0x7c00); // overflow: Inf
    expect(toHalfBits(2 ** -24)).toBe(0x0001); // the smallest subnormal
    expect(toHalfBits(1e-9)).toBe(0); // underflow
    expect(toHalfBits(-0)).toBe(0x8000);
    expect(Number.isNaN(fromHalfBits(toHalfBits(NaN)))).toBe(true);
    expect(fromHalfBits(0x7c00)).toBe(Infinity);
  });

  it('rounds to nearest, ties to even', () => {
    // 1 + 2^-11 lies halfway between 1 and the next half (1 + 2^-10): ties go to the even mantissa, 1.
    expect(toHalfBits(1 + 2 ** -11)).toBe(0x3c00);
    // 1 + 3 * 2^-11 lies halfway between 1 + 2^-10 (odd) and 1 + 2^-9 (even).
    expect(toHalfBits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(toHalfBits(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01);
  });

  it('round-trips CLIP-normalised pixels within half precision', () => {
    const pixels = Float32Array.from({ length: 1000 }, (_, i) => -1.8 + (i / 1000) * 3.9);
    const back = fromHalf(toHalf(pixels));
    pixels.forEach((v, i) => expect(Math.abs(back[i]! - v)).toBeLessThanOrEqual(Math.abs(v) * 2 ** -11 + 2 ** -25));
  });
});

describe('model files per provider', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-modelfiles-'));
  fs.mkdirSync(path.join(dir, 'onnx'));
  for (const f of ['vision_model.onnx', 'vision_model_fp16.onnx', 'text_model.onnx']) {
    fs.writeFileSync(path.join(dir, 'onnx', f), '');
  }
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('GPUs take the fp16 export where there is one, the CPU never does', () => {
    expect(modelFile(dir, 'vision', 'cuda')).toEqual({
      file: path.join(dir, 'onnx', 'vision_model_fp16.onnx'),
      precision: 'fp16',
    });
    expect(modelFile(dir, 'vision', 'dml').precision).toBe('fp16');
    expect(modelFile(dir, 'vision', 'coreml').precision).toBe('fp16');
    expect(modelFile(dir, 'vision', 'cpu')).toEqual({
      file: path.join(dir, 'onnx', 'vision_model.onnx'),
      precision: 'fp32',
    });
    // No text_model_fp16.onnx in the folder: fp32 on the GPU too.
    expect(modelFile(dir, 'text', 'cuda')).toEqual({
      file: path.join(dir, 'onnx', 'text_model.onnx'),
      precision: 'fp32',
    });
  });

  it('sizes batches for the provider: batches on the CPU, larger ones on every GPU', () => {
    expect(visionBatchSize('cpu')).toBeGreaterThan(1);
    for (const gpu of ['cuda', 'dml', 'coreml']) {
      expect(visionBatchSize(gpu), gpu).toBeGreaterThan(visionBatchSize('cpu'));
    }
  });
});
