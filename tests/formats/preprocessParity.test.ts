/**
 * A studio file goes through the same preprocessing as any image: its CLIP
 * tensor is the one the PNG it was made from gets, alpha composited on white.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { preprocessImage } from '../../src/main/core/clip/preprocess';
import { convert, pillowTga } from './referenceImages';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-parity-'));
const at = (name: string) => path.join(tmp, name);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function maxAbs(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

describe('preprocessing parity of lossless studio files with their PNG', () => {
  it('gives a TGA, a PSD and an OpenRaster file the tensor of the PNG they hold', async () => {
    // Larger than the model's input, so the libvips resize path runs; half-transparent, so alpha matters.
    convert(
      '-seed',
      '3',
      '-size',
      '300x260',
      'plasma:fractal',
      '-alpha',
      'set',
      '-channel',
      'A',
      '-evaluate',
      'set',
      '50%',
      '+channel',
      '-depth',
      '8',
      at('source.png'),
    );
    convert('-seed', '3', '-size', '300x260', 'plasma:fractal', '-depth', '8', at('opaque.png'));
    pillowTga(at('source.png'), at('source.tga'), true);
    convert(at('opaque.png'), at('opaque.psd'));
    const png = fs.readFileSync(at('source.png'));
    fs.writeFileSync(
      at('source.ora'),
      Buffer.from(zipSync({ mimetype: [Buffer.from('image/openraster'), { level: 0 }], 'mergedimage.png': png })),
    );
    const reference = await preprocessImage(at('source.png'));
    const opaque = await preprocessImage(at('opaque.png'));
    for (const [file, expected] of [
      ['source.tga', reference],
      ['source.ora', reference],
      ['opaque.psd', opaque],
    ] as const) {
      const got = await preprocessImage(at(file));
      expect([file, got.width, got.height, maxAbs(got.tensor, expected.tensor)]).toEqual([file, 300, 260, 0]);
    }
    // Composited on white: the half-transparent picture is lighter than the opaque one.
    const mean = (t: Float32Array) => t.reduce((s, v) => s + v, 0) / t.length;
    expect(mean(reference.tensor)).toBeGreaterThan(mean(opaque.tensor) + 0.3);
  });
});
