/**
 * DDS textures in BC7 and BC6H, made here block by block (random bits under
 * each mode's header, so every mode, partition, rotation and index set
 * occurs) and decoded by Pillow as the pixel reference.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeBc6hBlock } from '../../src/main/core/formats/bc6h';
import { decodeStudioImage } from '../../src/main/core/formats/decodeImage';
import { linearToSrgb } from '../../src/main/core/formats/toneMap';
import { blockBytes, dds } from './ddsFile';
import { maxDiff, pillowPixels } from './referenceImages';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-bptc-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A seeded generator of bytes (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) & 0xff;
  };
}

/** `count` random 16-byte blocks for each first byte that `header(mode, byte)` makes. */
function blocks(modes: number, count: number, seed: number, header: (mode: number, byte: number) => number): Buffer {
  const next = random(seed);
  const out = Buffer.alloc(modes * count * 16);
  for (let b = 0; b < modes * count; b++) {
    for (let i = 0; i < 16; i++) out[b * 16 + i] = next();
    out[b * 16] = header(b % modes, out[b * 16]!);
  }
  return out;
}

const decode = async (file: string) =>
  (await decodeStudioImage(fs.readFileSync(file), { maxPixels: 1e8, name: file }))!;

describe('BC7', () => {
  it('decodes blocks of all eight modes exactly as Pillow does, cropping a size that is not a multiple of 4', async () => {
    // Mode m is the position of the first byte's lowest set bit.
    const data = blocks(8, 64, 7, (mode, byte) => ((byte << (mode + 1)) | (1 << mode)) & 0xff);
    const file = path.join(tmp, 'bc7.dds');
    fs.writeFileSync(file, dds(98, 126, 62, data)); // 32 × 16 blocks
    const img = await decode(file);
    expect(img).toMatchObject({ format: 'dds', width: 126, height: 62, channels: 4 });
    const reference = pillowPixels(file);
    expect(maxDiff(img.data, reference)).toBe(0);
    // The random blocks are far from flat: a decoder that got the layout wrong could not match by chance.
    expect(new Set(reference).size).toBeGreaterThan(200);
  });

  it('refuses a file cut inside its blocks', async () => {
    const file = path.join(tmp, 'bc7-short.dds');
    fs.writeFileSync(
      file,
      dds(
        98,
        16,
        16,
        blocks(8, 2, 1, (m, b) => ((b << (m + 1)) | (1 << m)) & 0xff),
      ).subarray(0, 200),
    );
    await expect(decodeStudioImage(fs.readFileSync(file), { maxPixels: 1e8 })).rejects.toMatchObject({
      reason: 'corrupt or truncated DDS',
    });
  });
});

/** The first byte's low bits for each of BC6H's 14 modes, in the specifications' order. */
const bc6hHeader = (mode: number, byte: number) => {
  if (mode < 2) return (byte & ~3) | mode;
  const bits = mode < 10 ? ((mode - 2) << 2) | 2 : ((mode - 10) << 2) | 3;
  return (byte & ~0x1f) | bits;
};

/** Pillow's 8 bits of a linear value: clipped to [0, 1] and truncated. */
const pillowLevel = (v: number) => (v <= 0 ? 0 : v >= 1 ? 255 : Math.floor(Math.fround(v) * 255));

describe('BC6H', () => {
  // Pillow does not sign-extend a signed endpoint made from a difference (modes 1 to 9, 12 to 14), so
  // signed files are compared with it in the modes that store endpoints whole; the block below checks the rest.
  for (const [dxgi, signed, modes] of [
    [95, false, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]],
    [96, true, [9, 10, 13]],
  ] as const) {
    it(`decodes blocks of ${signed ? 'signed' : 'unsigned'} modes ${modes.map((m) => m + 1).join(', ')} as Pillow does, within 1 level`, () => {
      const columns = modes.length;
      const data = blocks(columns, 32, signed ? 3 : 5, (m, byte) => bc6hHeader(modes[m]!, byte));
      const file = path.join(tmp, `bc6h-${dxgi}.dds`);
      const width = columns * 4;
      fs.writeFileSync(file, dds(dxgi, width, 32 * 4, data));
      // Pillow clips BC6H's floats to 8 bits; the block decoder's floats are compared the same way.
      const reference = pillowPixels(file);
      const ours = Buffer.alloc(reference.length, 255);
      const block = new Float32Array(48);
      for (let b = 0; b < columns * 32; b++) {
        decodeBc6hBlock(data, b * 16, signed, block);
        const bx = b % columns;
        const by = Math.floor(b / columns);
        for (let i = 0; i < 16; i++) {
          const o = ((by * 4 + (i >> 2)) * width + bx * 4 + (i & 3)) * 4;
          for (let c = 0; c < 3; c++) ours[o + c] = pillowLevel(block[i * 3 + c]!);
        }
      }
      // Pillow leaves out the rounding term of the interpolation: a last bit of the half float.
      expect(maxDiff(ours, reference)).toBeLessThanOrEqual(1);
      expect(new Set(reference).size).toBeGreaterThan(100);
    });
  }

  it('sign-extends a signed endpoint made from a difference', () => {
    // Mode 12 (header 00111): 11-bit red base -100, 9-bit difference +50, so the second endpoint is -50;
    // pixel 0 (an anchor, 3 index bits) takes index 0, the others index 15 (weight 64).
    let bits = 0b00111n | (BigInt(-100 & 0x7ff & 0x3ff) << 5n) | (50n << 35n) | (BigInt((-100 & 0x7ff) >> 10) << 44n);
    for (let i = 1; i < 16; i++) bits |= 15n << BigInt(65 + 3 + (i - 1) * 4);
    const data = blockBytes(bits);
    const block = new Float32Array(48);
    decodeBc6hBlock(data, 0, true, block);
    // -100 unquantized from 11 bits is -3216, -50 is -1616; scaled by 31/32 to half bits 3115 and 1565.
    expect(block[0]).toBeCloseTo(-(1 + 43 / 1024) * 2 ** -12, 9);
    expect(block[3]).toBeCloseTo(-(1 + 541 / 1024) * 2 ** -14, 9);
    expect([block[1], block[2], block[4], block[5]]).toEqual([0, 0, 0, 0]);
  });

  it('tone-maps a DDS within [0, 1] to sRGB, Pillow’s linear pixels encoded, within 2 levels', async () => {
    // Mode 11 (one subset, four 10-bit endpoints untransformed), endpoints below 495: all
    // values under 1.0, where the tone mapping is the sRGB curve alone.
    const next = random(11);
    const data = Buffer.alloc(64 * 16);
    for (let b = 0; b < 64; b++) {
      let bits = 0b00011n;
      for (let e = 0; e < 6; e++) bits |= BigInt(Math.floor((next() * 256 + next()) % 495)) << BigInt(5 + e * 10);
      for (let i = 65; i < 128; i++) bits |= BigInt(next() & 1) << BigInt(i);
      blockBytes(bits).copy(data, b * 16);
    }
    const file = path.join(tmp, 'bc6h-srgb.dds');
    fs.writeFileSync(file, dds(95, 32, 32, data));
    const img = await decode(file);
    expect(img).toMatchObject({ format: 'dds', width: 32, height: 32, channels: 3 });
    const linear = pillowPixels(file);
    const reference = Buffer.alloc(32 * 32 * 3);
    for (let i = 0; i < 32 * 32 * 3; i++) {
      // Pillow truncates to 8 linear bits; its level's middle, encoded, is what ours should be near.
      const v = linear[Math.floor(i / 3) * 4 + (i % 3)]!;
      reference[i] = Math.round(linearToSrgb(Math.min(1, (v + 0.5) / 255)) * 255);
    }
    // A truncated linear level spans up to 13 sRGB levels in the darkest shades: compare where it spans 2 or fewer.
    const bright = [...reference.keys()].filter((i) => linear[Math.floor(i / 3) * 4 + (i % 3)]! >= 16);
    expect(bright.length).toBeGreaterThan(500);
    expect(Math.max(...bright.map((i) => Math.abs(img.data[i]! - reference[i]!)))).toBeLessThanOrEqual(2);
  });
});
