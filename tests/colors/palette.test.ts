/**
 * Palettes from real image files: flat colours, splits of known proportions, a
 * colour on transparency and a photo. Shares sum to one, the colours drawn are
 * found, and the same pixels always give the same palette.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deltaE2000 } from '../../src/main/core/colors/deltaE';
import { labOfHex } from '../../src/main/core/colors/lab';
import { PALETTE_SIZE, paletteOf } from '../../src/main/core/colors/palette';
import { palettePixels } from '../../src/main/core/indexer/palettePixels';
import type { PaletteColor } from '../../src/shared/types';
import { IMAGES } from '../helpers/paths';
import { flat, onTransparency, split } from './paletteImages';

let tmp: string;
const paletteOfFile = async (file: string) => paletteOf(await palettePixels(file));
const sum = (palette: PaletteColor[]) => palette.reduce((s, c) => s + c.share, 0);
const near = (palette: PaletteColor[], hex: string) =>
  palette.find((c) => deltaE2000(labOfHex(c.hex)!, labOfHex(hex)!) < 3);

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-palette-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('palettes', () => {
  it('gives a flat image one colour covering all of it', async () => {
    const palette = await paletteOfFile(flat(path.join(tmp, 'crimson.png'), '#c8102e'));
    expect(palette).toHaveLength(1);
    expect(palette[0]!.share).toBe(1);
    expect(deltaE2000(labOfHex(palette[0]!.hex)!, labOfHex('#c8102e')!)).toBeLessThan(1);
  });

  it('finds both halves of a split, each with its share', async () => {
    const palette = await paletteOfFile(split(path.join(tmp, 'red-blue.png'), '#c8102e', '#1030c8', 0.7));
    expect(palette).toHaveLength(2);
    expect(near(palette, '#c8102e')?.share).toBeCloseTo(0.7, 1);
    expect(near(palette, '#1030c8')?.share).toBeCloseTo(0.3, 1);
    expect(sum(palette)).toBeCloseTo(1, 3);
    expect(palette[0]!.share).toBeGreaterThanOrEqual(palette[1]!.share);
  });

  it('reads a JPEG split too, its compression noise folded into the two colours', async () => {
    const palette = await paletteOfFile(split(path.join(tmp, 'yellow-green.jpg'), '#f0c020', '#208040', 0.5));
    expect(near(palette, '#f0c020')).toBeDefined();
    expect(near(palette, '#208040')).toBeDefined();
    expect(sum(palette)).toBeCloseTo(1, 3);
  });

  it('leaves transparent pixels out: a red square on nothing is red', async () => {
    const palette = await paletteOfFile(onTransparency(path.join(tmp, 'square.png'), '#c8102e'));
    expect(palette).toHaveLength(1);
    expect(near(palette, '#c8102e')?.share).toBe(1);
  });

  it(`gives a photo at most ${PALETTE_SIZE} colours whose shares sum to 1, the same each time`, async () => {
    const photo = path.join(IMAGES, 'coffee.png');
    const first = await paletteOfFile(photo);
    expect(first.length).toBeGreaterThan(1);
    expect(first.length).toBeLessThanOrEqual(PALETTE_SIZE);
    expect(sum(first)).toBeCloseTo(1, 3);
    for (const c of first) expect(c.hex).toMatch(/^#[0-9a-f]{6}$/);
    for (let i = 1; i < first.length; i++) expect(first[i - 1]!.share).toBeGreaterThanOrEqual(first[i]!.share);
    expect(await paletteOfFile(photo)).toEqual(first);
  });

  it('refuses a file that is not an image with a reason', async () => {
    const fake = path.join(tmp, 'fake.png');
    fs.writeFileSync(fake, 'not an image at all');
    await expect(palettePixels(fake)).rejects.toThrow(/./);
  });
});
