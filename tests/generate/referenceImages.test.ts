/**
 * References as the API gets them: small JPEG, PNG and WebP files as they are,
 * everything else converted, large images scaled down, transparency kept, all
 * of them together within the request limit, and files that cannot be used
 * refused with the reason.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentKey } from '../../src/main/core/files/contentKey';
import { prepareReference, prepareReferences, REQUEST_BYTES_LIMIT } from '../../src/main/core/generate/referenceImages';
import { IMAGES } from '../helpers/paths';

/** Random pixels compress badly: the worst case for the request size. */
async function noise(file: string, width: number, height: number, channels: 3 | 4 = 3, seed = 12345) {
  const data = Buffer.alloc(width * height * channels);
  let x = seed;
  for (let i = 0; i < data.length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    data[i] = x >>> 24;
  }
  const img = sharp(data, { raw: { width, height, channels } });
  await (file.endsWith('.png') ? img.png() : file.endsWith('.tif') ? img.tiff() : img.jpeg({ quality: 95 })).toFile(
    file,
  );
}

/** A 24-bit BMP (bottom-up rows padded to 4 bytes), which sharp cannot read by itself. */
function bmp(file: string, width: number, height: number, bgr: [number, number, number]) {
  const row = Math.ceil((width * 3) / 4) * 4;
  const buf = Buffer.alloc(54 + row * height);
  buf.write('BM', 0);
  buf.writeUInt32LE(buf.length, 2);
  buf.writeUInt32LE(54, 10);
  buf.writeUInt32LE(40, 14);
  buf.writeInt32LE(width, 18);
  buf.writeInt32LE(height, 22);
  buf.writeUInt16LE(1, 26);
  buf.writeUInt16LE(24, 28);
  buf.writeUInt32LE(row * height, 34);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) buf.set(bgr, 54 + y * row + x * 3);
  fs.writeFileSync(file, buf);
}

describe('reference images', { timeout: 120_000 }, () => {
  let tmp: string;
  let data: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-refs-'));
    data = path.join(tmp, 'data');
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('sends a small JPEG as it is, kept under its content key', async () => {
    const file = path.join(IMAGES, 'rocket.jpg');
    const ref = await prepareReference(data, file, 'chosen');
    const bytes = fs.readFileSync(file);
    expect(ref).toMatchObject({ mimeType: 'image/jpeg', bytes: bytes.length, source: 'chosen', name: 'rocket.jpg' });
    expect(ref.contentKey).toBe(await contentKey(file, bytes.length));
    expect(fs.readFileSync(ref.file).equals(bytes)).toBe(true);
  });

  it('scales a 12-megapixel photo down to 2048 pixels on its long side, as JPEG', async () => {
    const file = path.join(tmp, 'photo.jpg');
    await noise(file, 4000, 3000);
    const ref = await prepareReference(data, file, 'chosen');
    expect(ref).toMatchObject({ mimeType: 'image/jpeg', width: 2048, height: 1536 });
    const meta = await sharp(ref.file).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 2048, 1536]);
  });

  it('keeps transparency as PNG, and converts TIFF and BMP', async () => {
    const horse = await prepareReference(data, path.join(IMAGES, 'horse.png'), 'chosen');
    expect(horse.mimeType).toBe('image/png');
    const bigAlpha = path.join(tmp, 'alpha.png');
    await noise(bigAlpha, 2500, 1000, 4);
    const alpha = await prepareReference(data, bigAlpha, 'chosen');
    expect(alpha).toMatchObject({ mimeType: 'image/png', width: 2048, height: 819 });
    expect((await sharp(alpha.file).metadata()).hasAlpha).toBe(true);

    const tif = await prepareReference(data, path.join(IMAGES, 'chessboard_GRAY_U16.tif'), 'chosen');
    expect(tif.mimeType).toBe('image/jpeg');
    const bmpFile = path.join(tmp, 'swatch.bmp');
    bmp(bmpFile, 30, 20, [40, 40, 200]);
    const fromBmp = await prepareReference(data, bmpFile, 'chosen');
    expect(fromBmp).toMatchObject({ mimeType: 'image/jpeg', width: 30, height: 20 });
    const { channels } = await sharp(fromBmp.file).stats();
    expect(channels[0]!.mean).toBeGreaterThan(180); // red, read from BGR order
  });

  it('scales several large references harder when together they exceed the request limit', async () => {
    const files = [];
    for (let i = 0; i < 7; i++) {
      const f = path.join(tmp, `big-${i}.png`);
      await noise(f, 2048, 1536, 3, i + 1);
      files.push({ path: f, source: 'chosen' as const });
    }
    const refs = await prepareReferences(data, files);
    const total = refs.reduce((n, r) => n + r.bytes, 0);
    expect(refs.every((r) => r.width === 1024 && r.height === 768)).toBe(true);
    expect((total * 4) / 3).toBeLessThan(REQUEST_BYTES_LIMIT);
  });

  it('refuses files that cannot be used, naming the file and the reason', async () => {
    await expect(prepareReference(data, path.join(IMAGES, 'truncated.jpg'), 'chosen')).rejects.toThrow(
      /Reference .*truncated\.jpg cannot be used: corrupt or truncated image/,
    );
    const fake = path.join(tmp, 'notes.jpg');
    fs.writeFileSync(fake, 'hello');
    await expect(prepareReference(data, fake, 'chosen')).rejects.toThrow(/notes\.jpg cannot be used: not an image/);
    await expect(prepareReference(data, path.join(tmp, 'gone.png'), 'chosen')).rejects.toThrow(
      /gone\.png cannot be used: file not found/,
    );
  });
});
