import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBmp } from '../../src/main/core/clip/bmp';
import { CLIP_MEAN, CLIP_STD } from '../../src/main/core/clip/modelConfig';
import { ImageDecodeError, preprocessImage, readImageInfo } from '../../src/main/core/clip/preprocess';
import { CLIP_FIXTURES, IMAGES } from '../helpers/paths';

const SIZE = 224;
const N = SIZE * SIZE;

interface Case {
  image: string;
  tensor: string;
}
const fixtures = JSON.parse(await readFile(path.join(CLIP_FIXTURES, 'preprocess', 'cases.json'), 'utf8')) as {
  cases: Case[];
};

function mad(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

/** Tensor pixel back in [0,1] RGB. */
function rgbAt(t: Float32Array, x: number, y: number): [number, number, number] {
  const i = y * SIZE + x;
  return [0, 1, 2].map((c) => t[c * N + i]! * CLIP_STD[c]! + CLIP_MEAN[c]!) as [number, number, number];
}

function expectColour(t: Float32Array, x: number, y: number, rgb: number[], tol = 0.02): void {
  const got = rgbAt(t, x, y);
  const ok = got.every((v, c) => Math.abs(v - rgb[c]! / 255) <= tol);
  expect(ok, `pixel (${x},${y}) = ${got.map((v) => Math.round(v * 255)).join(',')}, expected ${rgb.join(',')}`).toBe(
    true,
  );
}

async function expectReason(input: string | Buffer, reason: string | RegExp, options = {}): Promise<ImageDecodeError> {
  const err = await preprocessImage(input, options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, 'should have been rejected').toBeInstanceOf(ImageDecodeError);
  const e = err as ImageDecodeError;
  if (typeof reason === 'string') expect(e.reason).toBe(reason);
  else expect(e.reason).toMatch(reason);
  expect(e.reason).not.toMatch(/vips|spng|jpeg:|Input (buffer|file)/i); // no raw libvips text
  return e;
}

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'atelier-preprocess-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('CLIP parity with the Pillow reference', () => {
  it.each(fixtures.cases.map((c) => [path.basename(c.image), c] as const))('%s: MAD <= 0.01', async (name, c) => {
    const bytes = await readFile(path.join(CLIP_FIXTURES, 'preprocess', path.basename(c.tensor)));
    const ref = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)); // little-endian host
    expect(ref.length).toBe(3 * N);
    const r = await preprocessImage(path.join(IMAGES, name));
    expect(r.tensor.length).toBe(3 * N);
    const d = mad(r.tensor, ref);
    expect(d, `${name}: MAD ${d.toFixed(5)} against the reference (limit 0.01)`).toBeLessThanOrEqual(0.01);
    const meta = await sharp(path.join(IMAGES, name)).metadata();
    expect([r.width, r.height]).toEqual([meta.width, meta.height]);
  });
});

describe('decoding what users have', () => {
  it('palette PNG: colours come from the palette', async () => {
    const file = path.join(IMAGES, 'palette_color.png');
    expect((await sharp(file).metadata()).isPalette).toBe(true);
    const r = await preprocessImage(file);
    expect(r).toMatchObject({ width: 10, height: 10, format: 'png' });
    const { channels } = await sharp(file).stats();
    for (let c = 0; c < 3; c++) {
      let sum = 0;
      for (let i = 0; i < N; i++) sum += r.tensor[c * N + i]! * CLIP_STD[c]! + CLIP_MEAN[c]!;
      expect(Math.abs(sum / N - channels[c]!.mean / 255), `channel ${c} mean`).toBeLessThan(0.03);
    }
  });

  it('16-bit greyscale TIFF: neither saturated nor black, pattern kept', async () => {
    const r = await preprocessImage(path.join(IMAGES, 'chessboard_GRAY_U16.tif'));
    expect(r).toMatchObject({ width: 200, height: 200, format: 'tiff' });
    let white = 0;
    let black = 0;
    let tint = 0;
    for (let i = 0; i < N; i++) {
      const [red, g, b] = rgbAt(r.tensor, i % SIZE, Math.floor(i / SIZE));
      tint = Math.max(tint, Math.abs(red - g) + Math.abs(g - b));
      if (red > 0.9) white++;
      if (red < 0.1) black++;
    }
    expect(tint, 'grey stays grey').toBeLessThan(0.01);
    expect(white / N, 'share of white pixels').toBeGreaterThan(0.3);
    expect(white / N, 'share of white pixels').toBeLessThan(0.7);
    expect(black / N, 'share of black pixels').toBeGreaterThan(0.3);
  });

  it.each([['horse.png'], ['logo.png']])(
    '%s (RGBA): decodes, and a fully transparent pixel becomes white',
    async (name) => {
      const file = path.join(IMAGES, name);
      const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
      expect(info.channels).toBe(4);
      const r = await preprocessImage(file);
      expect(r).toMatchObject({ width: info.width, height: info.height, format: 'png' });
      // The shipped files are (nearly) opaque: same result as without the alpha channel.
      const opaque = await preprocessImage(await sharp(file).removeAlpha().png().toBuffer());
      expect(mad(r.tensor, opaque.tensor)).toBeLessThan(0.002);
      // Punch a transparent hole over black pixels: dropping alpha would give black, flattening gives white.
      for (let y = 0; y < 80; y++) data.fill(0, y * info.width * 4, (y * info.width + 80) * 4);
      const holed = await sharp(data, { raw: info }).png().toBuffer();
      const h = await preprocessImage(holed);
      for (const [x, y] of [
        [0, 0],
        [10, 10],
        [30, 5],
      ] as const)
        expectColour(h.tensor, x, y, [255, 255, 255]);
    },
  );

  it('CMYK JPEG is converted to sRGB', async () => {
    const chelsea = path.join(IMAGES, 'chelsea.png');
    const cmyk = await sharp(chelsea).toColourspace('cmyk').jpeg({ quality: 95 }).toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const file = path.join(tmp, 'cmyk.jpg');
    await writeFile(file, cmyk);
    const [a, b] = await Promise.all([preprocessImage(file), preprocessImage(chelsea)]);
    expect(a).toMatchObject({ width: 451, height: 300, format: 'jpeg' });
    const d = mad(a.tensor, b.tensor);
    expect(d, `CMYK vs RGB MAD ${d.toFixed(4)}`).toBeLessThan(0.15);
  });

  it('EXIF orientation 6 is applied', async () => {
    const coffee = path.join(IMAGES, 'coffee.png'); // 600x400
    const tagged = await sharp(coffee).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();
    expect((await sharp(tagged).metadata()).orientation).toBe(6);
    const r = await preprocessImage(tagged);
    expect(r).toMatchObject({ width: 400, height: 600, format: 'jpeg' });
    expect(await readImageInfo(tagged)).toEqual({ width: 400, height: 600, format: 'jpeg' });
    // Same pixels turned upright explicitly (lossless PNG), and the same pixels left lying down.
    const upright = await preprocessImage(await sharp(tagged).rotate().png().toBuffer());
    const lying = await preprocessImage(await sharp(tagged).png().toBuffer());
    expect(mad(r.tensor, upright.tensor)).toBeLessThan(0.005);
    expect(mad(r.tensor, lying.tensor)).toBeGreaterThan(0.1);
  });

  it('animated GIF: the first frame only', async () => {
    const w = 20;
    const frames = Buffer.alloc(w * w * 2 * 3);
    for (let i = 0; i < w * w; i++) frames[i * 3] = 255; // frame 1 red
    for (let i = w * w; i < 2 * w * w; i++) frames[i * 3 + 2] = 255; // frame 2 blue
    const gif = await sharp(frames, { raw: { width: w, height: 2 * w, channels: 3, pageHeight: w } })
      .gif({ delay: [100, 100] })
      .toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(2);
    const r = await preprocessImage(gif);
    expect(r).toMatchObject({ width: w, height: w, format: 'gif' });
    expectColour(r.tensor, 112, 112, [255, 0, 0], 0.03);
    expectColour(r.tensor, 0, 223, [255, 0, 0], 0.03);
  });

  // Columns of unrelated values, rows all alike: the resize is then 1-D and an
  // independent float version of Pillow's BICUBIC (a = -0.5, support widened by
  // the factor when shrinking) is the oracle.
  it.each([
    ['upscaled', 100, 60, 74], // 373 wide after resize; Python's round(74.5) = 74
    ['shrunk 6.7x', 2400, 1500, 67], // 358 wide
    ['shrunk 3.9x', 1020, 875, 18], // 261 wide, round(18.5) = 18; a single libvips step
  ])('%s like Pillow (1-D oracle)', async (_name, w, h, left) => {
    const col = Array.from({ length: w }, (_, x) => (x * 97 + 13 + ((x * x) % 7) * 11) % 256);
    const raw = Buffer.alloc(w * h * 3);
    for (let i = 0; i < w * h; i++) raw.fill(col[i % w]!, i * 3, i * 3 + 3);
    const r = await preprocessImage(
      await sharp(raw, { raw: { width: w, height: h, channels: 3 } })
        .png()
        .toBuffer(),
    );
    expect(r).toMatchObject({ width: w, height: h, format: 'png' });
    const rw = Math.floor((SIZE * w) / h);
    const scale = w / rw;
    const stretch = Math.max(scale, 1);
    const cubic = (x: number) => {
      x = Math.abs(x);
      return x < 1 ? (1.5 * x - 2.5) * x * x + 1 : x < 2 ? (((x - 5) * x + 8) * x - 4) * -0.5 : 0;
    };
    let sum = 0;
    for (let x = 0; x < SIZE; x++) {
      const centre = (x + left + 0.5) * scale;
      let acc = 0;
      let weights = 0;
      const lo = Math.max(0, Math.trunc(centre - 2 * stretch + 0.5));
      const hi = Math.min(w, Math.trunc(centre + 2 * stretch + 0.5));
      for (let sx = lo; sx < hi; sx++) {
        const k = cubic((sx - centre + 0.5) / stretch);
        acc += k * col[sx]!;
        weights += k;
      }
      const want = Math.min(255, Math.max(0, acc / weights)) / 255;
      for (const y of [0, 100, 223]) sum += Math.abs(rgbAt(r.tensor, x, y)[1] - want) / CLIP_STD[1];
    }
    const d = sum / (3 * SIZE);
    expect(d, `MAD ${d.toFixed(5)} against Pillow's bicubic`).toBeLessThan(0.01);
  });
});

/** Writes a BMP byte by byte. `px(x, y)` gives a palette index (<= 8 bpp) or the pixel's bytes in file order. */
function buildBmp(o: {
  width: number;
  height: number;
  bpp: number;
  px: (x: number, y: number) => number | number[];
  palette?: number[][];
  topDown?: boolean;
  headerSize?: 40 | 108 | 124;
  compression?: number;
  masks?: number[];
}): Buffer {
  const headerSize = o.headerSize ?? 40;
  const palette = o.palette ?? [];
  const stride = Math.floor((o.width * o.bpp + 31) / 32) * 4;
  const extraMasks = headerSize === 40 && o.compression === 3 ? 12 : 0;
  const offset = 14 + headerSize + extraMasks + palette.length * 4;
  const buf = Buffer.alloc(offset + stride * o.height);
  buf.write('BM', 0, 'latin1');
  buf.writeUInt32LE(buf.length, 2);
  buf.writeUInt32LE(offset, 10);
  buf.writeUInt32LE(headerSize, 14);
  buf.writeInt32LE(o.width, 18);
  buf.writeInt32LE(o.topDown ? -o.height : o.height, 22);
  buf.writeUInt16LE(1, 26);
  buf.writeUInt16LE(o.bpp, 28);
  buf.writeUInt32LE(o.compression ?? 0, 30);
  buf.writeUInt32LE(palette.length, 46);
  (o.masks ?? []).forEach((m, i) => buf.writeUInt32LE(m >>> 0, 54 + i * 4));
  palette.forEach(([r, g, b], i) => buf.set([b!, g!, r!, 0], 14 + headerSize + extraMasks + i * 4));
  for (let y = 0; y < o.height; y++) {
    const row = offset + (o.topDown ? y : o.height - 1 - y) * stride;
    for (let x = 0; x < o.width; x++) {
      const v = o.px(x, y);
      if (typeof v === 'number') {
        const bit = x * o.bpp;
        buf[row + (bit >> 3)]! |= v << (8 - o.bpp - (bit & 7));
      } else buf.set(v, row + (x * o.bpp) / 8);
    }
  }
  return buf;
}

// 8x8 quadrants: red | green over blue | white.
const QUAD = [
  [255, 0, 0],
  [0, 255, 0],
  [0, 0, 255],
  [255, 255, 255],
];
const quad = (x: number, y: number): number => (y < 4 ? 0 : 2) + (x < 4 ? 0 : 1);

function expectQuadrants(t: Float32Array, colours = QUAD): void {
  expectColour(t, 56, 56, colours[0]!);
  expectColour(t, 168, 56, colours[1]!);
  expectColour(t, 56, 168, colours[2]!);
  expectColour(t, 168, 168, colours[3]!);
}

describe('BMP', () => {
  const bgr = (x: number, y: number) => [...QUAD[quad(x, y)]!].reverse();

  it('24-bit bottom-up', async () => {
    const file = path.join(tmp, 'rgb24.bmp');
    await writeFile(file, buildBmp({ width: 8, height: 8, bpp: 24, px: bgr }));
    const r = await preprocessImage(file);
    expect(r).toMatchObject({ width: 8, height: 8, format: 'bmp' });
    expectQuadrants(r.tensor);
  });

  it('8-bit palette', async () => {
    const palette = [
      [255, 255, 0],
      [0, 255, 255],
      [255, 0, 255],
      [10, 20, 30],
    ];
    const bmp = buildBmp({ width: 8, height: 8, bpp: 8, palette, px: quad });
    expect(await readImageInfo(bmp)).toEqual({ width: 8, height: 8, format: 'bmp' });
    expectQuadrants((await preprocessImage(bmp)).tensor, palette);
  });

  const rgb555 = (x: number, y: number) => {
    const [r, g, b] = QUAD[quad(x, y)]!.map((v) => v >> 3) as [number, number, number];
    const v = (r << 10) | (g << 5) | b;
    return [v & 255, v >> 8];
  };

  it('1-bit, 4-bit top-down, 16-bit 5-5-5 and 32-bit decode exactly', () => {
    const two = [
      [0, 0, 0],
      [255, 255, 255],
    ];
    const cases: [string, Buffer, number[][]][] = [
      ['1-bit', buildBmp({ width: 8, height: 8, bpp: 1, palette: two, px: (x, y) => quad(x, y) & 1 }), two],
      ['4-bit', buildBmp({ width: 8, height: 8, bpp: 4, palette: QUAD, px: quad, topDown: true }), QUAD],
      ['16-bit', buildBmp({ width: 8, height: 8, bpp: 16, px: rgb555 }), QUAD],
      ['32-bit', buildBmp({ width: 8, height: 8, bpp: 32, px: (x, y) => [...bgr(x, y), 0] }), QUAD],
    ];
    for (const [name, bmp, colours] of cases) {
      const d = decodeBmp(bmp, 1e6);
      expect([d.width, d.height, d.channels], name).toEqual([8, 8, 3]);
      for (const [x, y] of [
        [0, 0],
        [7, 0],
        [0, 7],
        [7, 7],
        [3, 4],
      ] as const) {
        const i = (y * 8 + x) * 3;
        const want = name === '1-bit' ? colours[quad(x, y) & 1]! : colours[quad(x, y)]!;
        expect([...d.data.subarray(i, i + 3)], `${name} (${x},${y})`).toEqual(want);
      }
    }
  });

  it('32-bit V5 bitfields with alpha: transparent becomes white', async () => {
    const masks = [0x00ff0000, 0x0000ff00, 0x000000ff, 0xff000000];
    const bmp = buildBmp({
      width: 8,
      height: 8,
      bpp: 32,
      headerSize: 124,
      compression: 3,
      masks,
      px: (x, y) => [...bgr(x, y), x < 4 ? 0 : 255],
    });
    expect(decodeBmp(bmp, 1e6).channels).toBe(4);
    expectQuadrants((await preprocessImage(bmp)).tensor, [[255, 255, 255], QUAD[1]!, [255, 255, 255], QUAD[3]!]);
  });

  it('RLE8 is rejected with a clear reason, a bomb header before allocating', async () => {
    await expectReason(
      buildBmp({ width: 8, height: 8, bpp: 8, palette: QUAD, px: quad, compression: 1 }),
      'unsupported BMP (RLE-compressed)',
    );
    const bomb = buildBmp({ width: 8, height: 8, bpp: 24, px: bgr });
    bomb.writeInt32LE(50000, 18);
    bomb.writeInt32LE(50000, 22);
    await expectReason(bomb, 'image too large (50000×50000 pixels, limit 100000000)');
    await expectReason(bomb, 'corrupt or truncated image', { maxPixels: 3e9 }); // allowed, but the file is too short
  });
});

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

describe('rejections', () => {
  it('truncated.jpg', async () => {
    await expectReason(path.join(IMAGES, 'truncated.jpg'), 'corrupt or truncated image');
  });

  it('a JPEG cut off mid-scan (valid header) is rejected, not half grey', async () => {
    const jpeg = await sharp(path.join(IMAGES, 'chelsea.png')).jpeg().toBuffer();
    const cut = jpeg.subarray(0, Math.floor(jpeg.length * 0.6));
    expect((await sharp(cut).metadata()).width).toBe(451); // the header still reads
    const e = await expectReason(cut, 'corrupt or truncated image');
    expect(e.cause).toBeInstanceOf(Error);
  });

  it('empty file', async () => {
    const file = path.join(tmp, 'empty.png');
    await writeFile(file, '');
    await expectReason(file, 'empty file');
  });

  it('a text file named .jpg', async () => {
    const file = path.join(tmp, 'fake.jpg');
    await writeFile(file, 'This is not a picture, just some text.\n');
    await expectReason(file, 'not an image (its first bytes match no image format)');
  });

  it('a 50000x50000 PNG header is refused before any decoding', async () => {
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(50000, 0);
    ihdr.writeUInt32BE(50000, 4);
    ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      pngChunk('IHDR', ihdr),
      pngChunk('IDAT', zlib.deflateSync(Buffer.alloc(16))),
      pngChunk('IEND', Buffer.alloc(0)),
    ]);
    const file = path.join(tmp, 'bomb.png');
    await writeFile(file, png);
    expect(await readImageInfo(file)).toEqual({ width: 50000, height: 50000, format: 'png' });
    await expectReason(file, 'image too large (50000×50000 pixels, limit 100000000)');
  });

  it('maxPixels applies to ordinary images too', async () => {
    await expectReason(path.join(IMAGES, 'camera.png'), 'image too large (512×512 pixels, limit 100000)', {
      maxPixels: 100_000,
    });
  });

  it('missing file and a directory', async () => {
    await expectReason(path.join(tmp, 'nope.jpg'), 'file not found');
    await expectReason(tmp, 'not an image (unrecognised format)');
  });
});
