/**
 * Textures and renders in the formats added last, end to end through the
 * `atelier` command with the `color` model: a BC7 and a BC6H DDS, made here
 * block by block, and a PIZ-coded EXR written by ImageMagick, each found by
 * its colour.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexSummary } from '../../src/shared/types';
import { blockBytes, dds } from '../formats/ddsFile';
import { convert } from '../formats/referenceImages';
import { json } from '../helpers/cli';
import { type ColorLibrary, colorLibrary } from '../helpers/colorLibrary';

/** A 64×48 texture of one repeated block. */
const texture = (dxgi: number, block: Buffer) => dds(dxgi, 64, 48, Buffer.concat(Array(16 * 12).fill(block)));

/**
 * BC7 mode 6 (first bits 0000001), both endpoints rgba(25, 51, 221, 255): 7-bit values 12, 25, 110 and
 * 127 with a p-bit of 1; every index 0, so each pixel is the first endpoint exactly.
 */
function bc7Blue(): Buffer {
  let bits = 1n << 6n;
  [12, 12, 25, 25, 110, 110, 127, 127].forEach((v, i) => (bits |= BigInt(v) << BigInt(7 + 7 * i)));
  bits |= 3n << 63n;
  return blockBytes(bits);
}

/**
 * BC6H mode 11 (first bits 00011), unsigned 10-bit endpoints: red 495 (1.0 as a half float), green 431
 * (0.266), blue 0, linear light that is sRGB orange; every index 0.
 */
function bc6hOrange(): Buffer {
  let bits = 0b00011n;
  [495, 431, 0].forEach((v, c) => (bits |= BigInt(v) << BigInt(5 + 10 * c)));
  return blockBytes(bits);
}

describe('BC7 and BC6H textures and a PIZ render through atelier index and search', () => {
  let library: ColorLibrary;

  beforeAll(() => {
    library = colorLibrary('atelier-textures-');
    fs.writeFileSync(library.at('blue.dds'), texture(98, bc7Blue()));
    fs.writeFileSync(library.at('orange.dds'), texture(95, bc6hOrange()));
    convert('-size', '64x48', 'xc:rgb(25,170,40)', '-colorspace', 'RGB', '-compress', 'Piz', library.at('green.exr'));
  });

  afterAll(() => library?.remove());

  it('indexes each and finds it by its colour', async () => {
    const summary = json<IndexSummary>(await library.cli('index', library.lib, '--json'));
    expect(summary).toMatchObject({ embedded: 3, skipped: [] });
    const found = [];
    for (const colour of ['blue', 'orange', 'green']) found.push([colour, (await library.top(colour))[0]]);
    expect(found).toEqual([
      ['blue', 'blue.dds'],
      ['orange', 'orange.dds'],
      ['green', 'green.exr'],
    ]);
  }, 180_000);
});
