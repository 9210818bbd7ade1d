/**
 * Each studio format decoded by core/formats, checked against ImageMagick's
 * pixels of the very same file, plus the bad inputs each must refuse with a reason.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Layer, writePsdBuffer } from 'ag-psd';
import { zipSync } from 'fflate';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { looksLikeImage, SIGNATURE_BYTES } from '../../src/main/core/clip/imageSignature';
import { type DecodedImage, decodeStudioImage } from '../../src/main/core/formats/decodeImage';
import { SAFE_SIDE } from '../../src/main/core/formats/svg';
import { linearToSrgb } from '../../src/main/core/formats/toneMap';
import { tiffWithPreviews } from '../helpers/rawFiles';
import {
  convert,
  maxDiff,
  openExrPixels,
  openExrWrite,
  pillowPixels,
  pillowTga,
  referencePixels,
} from './referenceImages';

const LIMIT = 100_000_000;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-formats-'));
const at = (name: string) => path.join(tmp, name);
const decode = (name: string) => decodeStudioImage(fs.readFileSync(at(name)), { maxPixels: LIMIT, name: at(name) });
const reasonOf = (p: Promise<unknown>) =>
  p.then(
    () => 'decoded',
    (err: Error & { reason?: string }) => err.reason ?? err.message,
  );

/** The pixels as RGBA whatever the channel count. */
function rgba(img: DecodedImage): Buffer {
  const out = Buffer.alloc(img.width * img.height * 4);
  for (let i = 0; i < img.width * img.height; i++) {
    const s = img.data.subarray(i * img.channels, (i + 1) * img.channels);
    const grey = img.channels <= 2;
    out[i * 4] = s[0]!;
    out[i * 4 + 1] = grey ? s[0]! : s[1]!;
    out[i * 4 + 2] = grey ? s[0]! : s[2]!;
    out[i * 4 + 3] = img.channels === 2 ? s[1]! : img.channels === 4 ? s[3]! : 255;
  }
  return out;
}

beforeAll(() => {
  // A gradient with a varying alpha, and a detailed photo-like picture: every pixel differs.
  convert(
    '-size',
    '40x30',
    'gradient:red-blue',
    '-alpha',
    'set',
    '-channel',
    'A',
    '-fx',
    '0.2+0.8*i/w',
    '+channel',
    '-depth',
    '8',
    at('alpha.png'),
  );
  convert('-seed', '7', '-size', '37x23', 'plasma:fractal', '-depth', '8', at('plasma.png'));
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A solid `width`×`height` RGBA picture for ag-psd. */
const solid = (width: number, height: number, rgba: number[]) => ({
  width,
  height,
  data: new Uint8ClampedArray(width * height * 4).map((_, i) => rgba[i % 4]!),
});

/** A PSD as Photoshop saves it without Maximize Compatibility: layers, and a composite flagged as not real. */
const noComposite = (width: number, height: number, children: Layer[]) =>
  writePsdBuffer({
    width,
    height,
    imageResources: { versionInfo: { hasRealMergedData: false, writerName: 'x', readerName: 'x', fileVersion: 1 } },
    children,
  });

/**
 * 8×8, bottom to top: blue everywhere; red 4×4 at (2, 2), 50 % opaque; a hidden green layer; a group at
 * 50 % holding white 2×2 at (0, 0); a hidden group holding red everywhere; yellow 4×4 at (6, -2).
 */
const layeredPsd = (size = 8) =>
  noComposite(size, size, [
    { name: 'blue', imageData: solid(size, size, [0, 0, 255, 255]) },
    { name: 'red', left: 2, top: 2, opacity: 0.5, imageData: solid(4, 4, [255, 0, 0, 255]) },
    { name: 'green', hidden: true, imageData: solid(size, size, [0, 255, 0, 255]) },
    { name: 'group', opacity: 0.5, children: [{ name: 'white', imageData: solid(2, 2, [255, 255, 255, 255]) }] },
    { name: 'off', hidden: true, children: [{ name: 'red', imageData: solid(size, size, [255, 0, 0, 255]) }] },
    { name: 'yellow', left: 6, top: -2, imageData: solid(4, 4, [255, 255, 0, 255]) },
  ]);

describe('PSD and PSB', () => {
  it('decodes an opaque composite exactly as ImageMagick does', async () => {
    convert(at('plasma.png'), at('plasma.psd'));
    convert(at('plasma.png'), at('plasma.psb'));
    for (const name of ['plasma.psd', 'plasma.psb']) {
      const img = (await decode(name))!;
      expect(img).toMatchObject({ format: 'psd', width: 37, height: 23 });
      expect(maxDiff(rgba(img), referencePixels(at(name)))).toBe(0);
    }
  });

  it('decodes a 16-bit composite as ImageMagick does, within a level', async () => {
    convert(at('plasma.png'), '-depth', '16', at('plasma16.psd'));
    const img = (await decode('plasma16.psd'))!;
    expect(maxDiff(rgba(img), referencePixels(at('plasma16.psd')))).toBeLessThanOrEqual(1);
  });

  it('decodes a transparent composite as Photoshop stores it, matted on white', async () => {
    // ImageMagick writes the composite unmatted and so is no reference here; ag-psd's writer mattes as Photoshop does.
    const original = referencePixels(at('alpha.png'));
    const psd = writePsdBuffer({
      width: 40,
      height: 30,
      imageData: { width: 40, height: 30, data: new Uint8ClampedArray(original) },
      children: [{ name: 'layer', imageData: { width: 40, height: 30, data: new Uint8ClampedArray(original) } }],
    });
    fs.writeFileSync(at('alpha.psd'), psd);
    const img = (await decode('alpha.psd'))!;
    // Matting to 8 bits and back costs up to half a level divided by alpha (down to 0.2 here), plus rounding.
    expect(maxDiff(rgba(img), original)).toBeLessThanOrEqual(4);
  });

  it('refuses a truncated PSD with its reason', async () => {
    const whole = fs.readFileSync(at('alpha.psd'));
    fs.writeFileSync(at('truncated.psd'), whole.subarray(0, whole.length >> 1));
    expect(await reasonOf(decode('truncated.psd'))).toBe('corrupt or truncated PSD');
  });

  it('flattens the visible layers of a PSD saved without a composite: positions, opacities, groups', async () => {
    fs.writeFileSync(at('layered.psd'), layeredPsd());
    const img = (await decode('layered.psd'))!;
    expect(img).toMatchObject({ format: 'psd', width: 8, height: 8, channels: 4 });
    const px = (x: number, y: number) => [...img.data.subarray((y * 8 + x) * 4, (y * 8 + x) * 4 + 4)];
    expect(px(7, 7)).toEqual([0, 0, 255, 255]); // the blue background alone
    // 50 % is stored as 128/255: red 128.5 and blue 127.0.
    expect(px(3, 4)).toEqual([128, 0, 127, 255]); // red at 50 % over blue
    expect(px(0, 0)).toEqual([128, 128, 255, 255]); // white in a group at 50 % over blue
    expect(px(7, 0)).toEqual([255, 255, 0, 255]); // yellow, placed partly off the canvas
    // The hidden green layer and the hidden group's red one show nowhere.
    for (let i = 0; i < 64; i++) expect([img.data[i * 4 + 1]! > img.data[i * 4]!, i]).not.toEqual([true, i]);
  });

  it('leaves transparent what no layer covers, and refuses a document whose every layer is hidden', async () => {
    const red = solid(4, 4, [255, 0, 0, 255]);
    fs.writeFileSync(at('corner.psd'), noComposite(8, 8, [{ name: 'red', left: 4, top: 4, imageData: red }]));
    const img = (await decode('corner.psd'))!;
    expect([...img.data.subarray(0, 4)]).toEqual([0, 0, 0, 0]);
    expect([...img.data.subarray(63 * 4, 64 * 4)]).toEqual([255, 0, 0, 255]);
    fs.writeFileSync(at('hidden.psd'), noComposite(8, 8, [{ name: 'red', hidden: true, imageData: red }]));
    expect(await reasonOf(decode('hidden.psd'))).toBe('PSD holds no composite image and no visible layer');
  });

  it('refuses layers that together declare more pixels than allowed, hidden ones counted, before decoding them', async () => {
    // 8×8 = 64 pixels is within 100, but the layers declare 64 + 16 + 64 + 4 + 64 + 16 = 228.
    const small = decodeStudioImage(layeredPsd(), { maxPixels: 100 });
    expect(await reasonOf(small)).toBe('image too large (PSD layers of 228 pixels, limit 100)');
  });
});

describe('TGA', () => {
  const cases = [
    { name: 'rgba.tga', args: [at('alpha.png')] },
    { name: 'rgba-rle.tga', args: [at('alpha.png'), '-compress', 'RLE'] },
    { name: 'rgb.tga', args: [at('plasma.png')] },
    { name: 'rgb-rle.tga', args: [at('plasma.png'), '-compress', 'RLE'] },
    { name: 'grey.tga', args: [at('plasma.png'), '-type', 'Grayscale'] },
    { name: 'grey-rle.tga', args: [at('plasma.png'), '-type', 'Grayscale', '-compress', 'RLE'] },
    { name: 'palette.tga', args: [at('plasma.png'), '-colors', '16', '-type', 'Palette'] },
    { name: 'palette-rle.tga', args: [at('plasma.png'), '-colors', '16', '-type', 'Palette', '-compress', 'RLE'] },
  ];
  for (const { name, args } of cases) {
    it(`decodes ${name} exactly as Pillow does`, async () => {
      convert(...args, at(name));
      const img = (await decode(name))!;
      expect(img.format).toBe('tga');
      expect(maxDiff(rgba(img), pillowPixels(at(name)))).toBe(0);
    });
  }

  it('puts the rows of a file written to the specification the right way up', async () => {
    // ImageMagick 6 reads and writes TGA rows in the wrong order; Pillow follows the specification.
    pillowTga(at('alpha.png'), at('pillow.tga'), false);
    pillowTga(at('alpha.png'), at('pillow-rle.tga'), true);
    for (const name of ['pillow.tga', 'pillow-rle.tga']) {
      expect(maxDiff(rgba((await decode(name))!), referencePixels(at('alpha.png')))).toBe(0);
    }
  });

  it('refuses a truncated file', async () => {
    const whole = fs.readFileSync(at('rgba.tga'));
    fs.writeFileSync(at('truncated.tga'), whole.subarray(0, 200));
    expect(await reasonOf(decode('truncated.tga'))).toBe('corrupt or truncated TGA');
  });
});

describe('DDS', () => {
  const cases = [
    { name: 'bc1.dds', source: 'plasma.png', compression: 'dxt1' },
    { name: 'bc2.dds', source: 'alpha.png', compression: 'dxt3' },
    { name: 'bc3.dds', source: 'alpha.png', compression: 'dxt5' },
    { name: 'rgba.dds', source: 'alpha.png', compression: 'none' },
    { name: 'rgb.dds', source: 'plasma.png', compression: 'none' },
  ];
  for (const { name, source, compression } of cases) {
    it(`decodes ${name} (${compression}, first mip level) as ImageMagick does, within a level`, async () => {
      convert(at(source), '-define', `dds:compression=${compression}`, at(name));
      const img = (await decode(name))!;
      expect(img).toMatchObject({ format: 'dds', width: source === 'plasma.png' ? 37 : 40 });
      // BC interpolation: ImageMagick rounds the blended colours where Microsoft's reference truncates.
      expect(maxDiff(rgba(img), referencePixels(at(name)))).toBeLessThanOrEqual(1);
    });
  }

  it('decodes a cube map to its first face', async () => {
    const faces = ['red', 'lime', 'blue', 'yellow', 'cyan', 'magenta'].map((colour) => {
      convert(
        '-size',
        '8x8',
        `xc:${colour}`,
        '-define',
        'dds:compression=dxt1',
        '-define',
        'dds:mipmaps=0',
        at(`face-${colour}.dds`),
      );
      return fs.readFileSync(at(`face-${colour}.dds`));
    });
    const header = Buffer.from(faces[0]!.subarray(0, 128));
    header.writeUInt32LE(header.readUInt32LE(108) | 0x8, 108); // DDSCAPS_COMPLEX
    header.writeUInt32LE(0x200 | 0xfc00, 112); // DDSCAPS2_CUBEMAP and all six faces
    fs.writeFileSync(at('cube.dds'), Buffer.concat([header, ...faces.map((f) => f.subarray(128))]));
    const img = (await decode('cube.dds'))!;
    expect(img).toMatchObject({ width: 8, height: 8 });
    expect([...img.data.subarray(0, 4)]).toEqual([255, 0, 0, 255]);
    expect(referencePixels(at('cube.dds')).subarray(0, 4)).toEqual(Buffer.from([255, 0, 0, 255]));
  });

  it('refuses an unknown FourCC and DXGI format, and a truncated file, with their reasons', async () => {
    const dds = fs.readFileSync(at('bc1.dds'));
    const unknown = Buffer.from(dds);
    unknown.write('ABCD', 84, 'latin1');
    fs.writeFileSync(at('unknown.dds'), unknown);
    expect(await reasonOf(decode('unknown.dds'))).toBe('unsupported DDS format (ABCD)');
    // DXGI 10: R16G16B16A16_FLOAT, which no DDS decoder here reads.
    const float16 = Buffer.concat([dds.subarray(0, 128), Buffer.alloc(20), dds.subarray(128)]);
    float16.write('DX10', 84, 'latin1');
    float16.writeUInt32LE(10, 128);
    fs.writeFileSync(at('float16.dds'), float16);
    expect(await reasonOf(decode('float16.dds'))).toBe('unsupported DDS format (DXGI 10)');
    fs.writeFileSync(at('short.dds'), dds.subarray(0, 200));
    expect(await reasonOf(decode('short.dds'))).toBe('corrupt or truncated DDS');
  });
});

describe('Radiance HDR', () => {
  it('tone-maps a render within [0, 1] to sRGB as ImageMagick converts it, within 1 level', async () => {
    convert(at('plasma.png'), '-colorspace', 'RGB', at('plasma.hdr'));
    const img = (await decode('plasma.hdr'))!;
    expect(img).toMatchObject({ format: 'hdr', width: 37, height: 23, channels: 3 });
    const reference = convert(at('plasma.hdr'), '-colorspace', 'sRGB', '-depth', '8', 'rgb:-');
    // RGBE keeps 8 bits of mantissa per channel: dark values lose a level in the round trip.
    expect(maxDiff(img.data, reference)).toBeLessThanOrEqual(2);
  });

  it('keeps the hue of a render brighter than white', async () => {
    convert(
      '-size',
      '16x16',
      'xc:rgb(80%,10%,10%)',
      '-colorspace',
      'RGB',
      '-evaluate',
      'multiply',
      '6',
      at('bright.hdr'),
    );
    const img = (await decode('bright.hdr'))!;
    const [r, g, b] = img.data;
    expect(r).toBe(255);
    expect(g).toBeLessThan(120);
    expect(b).toBeLessThan(120);
  });
});

/**
 * EXR's RLE, as the OpenEXR library writes it: bytes split into even and odd
 * halves, delta-coded, then runs (count - 1, byte) and literals (-count, bytes).
 * ImageMagick cannot write it, so the test does.
 */
function exrRle(raw: Buffer): Buffer {
  const half = (raw.length + 1) >> 1;
  const t = Buffer.alloc(raw.length);
  for (let i = 0; i < raw.length; i++) t[i & 1 ? half + (i >> 1) : i >> 1] = raw[i]!;
  const d = Buffer.from(t.map((v, i) => (i === 0 ? v : (v - t[i - 1]! + 128) & 0xff)));
  const out: number[] = [];
  for (let i = 0; i < d.length;) {
    let run = 1;
    while (i + run < d.length && run < 128 && d[i + run] === d[i]) run++;
    if (run >= 2) out.push(run - 1, d[i]!);
    else out.push(0xff, d[i]!); // a literal of one byte: -1
    i += run;
  }
  return Buffer.from(out);
}

/** A scanline EXR, uncompressed or RLE, of float channels named `names`, every sample `value`. */
function exr(names: string[], width: number, height: number, value: number, rle = false): Buffer {
  const attr = (name: string, type: string, value: Buffer) => {
    const size = Buffer.alloc(4);
    size.writeInt32LE(value.length);
    return Buffer.concat([Buffer.from(`${name}\0${type}\0`, 'latin1'), size, value]);
  };
  const chlist = Buffer.concat([
    ...names.map((n) => {
      const fields = Buffer.alloc(16);
      fields.writeInt32LE(2, 0); // FLOAT
      fields.writeInt32LE(1, 8);
      fields.writeInt32LE(1, 12);
      return Buffer.concat([Buffer.from(`${n}\0`, 'latin1'), fields]);
    }),
    Buffer.from([0]),
  ]);
  const box = Buffer.alloc(16);
  box.writeInt32LE(width - 1, 8);
  box.writeInt32LE(height - 1, 12);
  const header = Buffer.concat([
    Buffer.from([0x76, 0x2f, 0x31, 0x01, 2, 0, 0, 0]),
    attr('channels', 'chlist', chlist),
    attr('compression', 'compression', Buffer.from([rle ? 1 : 0])),
    attr('dataWindow', 'box2i', box),
    attr('displayWindow', 'box2i', box),
    Buffer.from([0]),
  ]);
  const rowBytes = names.length * width * 4;
  const table = Buffer.alloc(8 * height);
  let offset = header.length + table.length;
  const rows = Array.from({ length: height }, (_, y) => {
    const pixels = Buffer.alloc(rowBytes);
    // A ramp along the row, so that runs and literals both occur.
    for (let i = 0; i < rowBytes / 4; i++) pixels.writeFloatLE(value * (1 + (i % width) / (4 * width)), i * 4);
    const data = rle ? exrRle(pixels) : pixels;
    const row = Buffer.alloc(8);
    row.writeInt32LE(y, 0);
    row.writeInt32LE(data.length, 4);
    table.writeBigUInt64LE(BigInt(offset), y * 8);
    offset += 8 + data.length;
    return Buffer.concat([row, data]);
  });
  return Buffer.concat([header, table, ...rows]);
}

describe('OpenEXR', () => {
  for (const compression of ['None', 'ZipS', 'Zip', 'Piz', 'Pxr24']) {
    it(`tone-maps a ${compression} file within [0, 1] to sRGB as ImageMagick converts it, within 2 levels`, async () => {
      const name = `plasma-${compression}.exr`;
      convert(at('alpha.png'), '-colorspace', 'RGB', '-compress', compression, at(name));
      const img = (await decode(name))!;
      expect(img).toMatchObject({ format: 'exr', width: 40, height: 30 });
      const reference = convert(at(name), '-colorspace', 'sRGB', '-depth', '8', 'rgba:-');
      // Half floats keep 11 bits: a level or two of 8-bit sRGB in the darks.
      expect(maxDiff(rgba(img), reference)).toBeLessThanOrEqual(2);
    });
  }

  it('decodes float files written here, raw and RLE alike', async () => {
    fs.writeFileSync(at('grey.exr'), exr(['B', 'G', 'R'], 5, 3, 0.2159));
    fs.writeFileSync(at('grey-rle.exr'), exr(['B', 'G', 'R'], 5, 3, 0.2159, true));
    const grey = (await decode('grey.exr'))!;
    expect([...grey.data.subarray(0, 3)]).toEqual([128, 128, 128]);
    expect(fs.statSync(at('grey-rle.exr')).size).not.toBe(fs.statSync(at('grey.exr')).size);
    expect((await decode('grey-rle.exr'))!.data).toEqual(grey.data);
  });

  for (const compression of ['B44', 'B44A', 'DWAA', 'DWAB']) {
    it(`tone-maps a ${compression} file within [0, 1] to sRGB as the OpenEXR library decodes it, within 1 level`, async () => {
      const name = `noise-${compression}.exr`;
      openExrWrite(at(name), compression, 45, 33);
      const img = (await decode(name))!;
      expect(img).toMatchObject({ format: 'exr', width: 45, height: 33, channels: 4 });
      const linear = openExrPixels(at(name));
      const reference = Buffer.from(
        linear.map((v, i) => Math.round((i % 4 === 3 ? v : linearToSrgb(Math.max(0, Math.min(1, v)))) * 255)),
      );
      expect(maxDiff(img.data, reference)).toBeLessThanOrEqual(1);
      // Lossy as B44 and DWA are, the picture is the noise written, not a flat one.
      expect(new Set(img.data).size).toBeGreaterThan(150);
    });
  }

  it('refuses one with only depth, a compression not read here, and a cut file, with their reasons', async () => {
    fs.writeFileSync(at('depth.exr'), exr(['Z'], 5, 3, 10));
    expect(await reasonOf(decode('depth.exr'))).toBe('EXR has no colour channels (only Z)');
    openExrWrite(at('htj2k.exr'), 'HTJ2K32', 8, 8);
    expect(await reasonOf(decode('htj2k.exr'))).toBe('unsupported EXR compression (HTJ2K32)');
    for (const compression of ['Piz', 'DWAB']) {
      const whole = fs.readFileSync(at(compression === 'Piz' ? 'plasma-Piz.exr' : 'noise-DWAB.exr'));
      fs.writeFileSync(at('cut.exr'), whole.subarray(0, whole.length - 40));
      expect(await reasonOf(decode('cut.exr'))).toBe('corrupt or truncated EXR');
    }
  });
});

describe('SVG', () => {
  it('rasterises a drawing, holding a huge declared size to the safe size', async () => {
    fs.writeFileSync(
      at('huge.svg'),
      '<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="50000"><rect width="100%" height="100%" fill="#0000ff"/></svg>',
    );
    const img = (await decode('huge.svg'))!;
    expect(img).toMatchObject({ format: 'svg', width: SAFE_SIDE, height: SAFE_SIDE / 2 });
    expect([...img.data.subarray(0, 4)]).toEqual([0, 0, 255, 255]);
  });

  it('refuses a drawing that refers to a file outside it', async () => {
    fs.writeFileSync(
      at('external.svg'),
      `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"><image xlink:href="${at('alpha.png')}" width="10" height="10"/></svg>`,
    );
    expect(await reasonOf(decode('external.svg'))).toBe('SVG refers to external files or URLs (refused)');
  });
});

describe('Krita and OpenRaster', () => {
  const pack = (mime: string, merged?: Buffer) => {
    const files: Record<string, Uint8Array | [Uint8Array, { level: 0 }]> = {
      mimetype: [Buffer.from(mime), { level: 0 }],
      'stack.xml': Buffer.from('<image/>'),
    };
    if (merged) files['mergedimage.png'] = merged;
    return Buffer.from(zipSync(files));
  };

  it('decodes the merged image of each, exactly', async () => {
    const png = fs.readFileSync(at('alpha.png'));
    fs.writeFileSync(at('painting.ora'), pack('image/openraster', png));
    fs.writeFileSync(at('painting.kra'), pack('application/x-krita', png));
    const reference = referencePixels(at('alpha.png'));
    for (const [name, format] of [
      ['painting.ora', 'ora'],
      ['painting.kra', 'kra'],
    ] as const) {
      const img = (await decode(name))!;
      expect(img.format).toBe(format);
      expect(maxDiff(rgba(img), reference)).toBe(0);
    }
  });

  it('refuses a painting without a merged image', async () => {
    fs.writeFileSync(at('empty.ora'), pack('image/openraster'));
    expect(await reasonOf(decode('empty.ora'))).toBe('ORA file has no merged image (mergedimage.png)');
  });
});

describe('camera RAW', () => {
  it('decodes the largest embedded preview', async () => {
    const small = await sharp({ create: { width: 16, height: 12, channels: 3, background: '#ff0000' } })
      .jpeg()
      .toBuffer();
    const large = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#0000ff' } })
      .jpeg()
      .toBuffer();
    fs.writeFileSync(at('shot.nef'), tiffWithPreviews([small, large, Buffer.alloc(500, 0x11)]));
    const img = (await decode('shot.nef'))!;
    expect(img).toMatchObject({ format: 'raw', width: 64, height: 48 });
    const reference = await sharp(large).raw().toBuffer();
    expect(maxDiff(img.data, reference)).toBe(0);
  });

  it("turns the preview upright by the raw file's orientation when the preview has none", async () => {
    const preview = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#00ff00' } })
      .jpeg()
      .toBuffer();
    fs.writeFileSync(at('portrait.cr2'), tiffWithPreviews([preview], 6));
    expect(await decode('portrait.cr2')).toMatchObject({ format: 'raw', width: 48, height: 64 });
  });

  it('refuses a raw file with no preview', async () => {
    fs.writeFileSync(at('bare.cr2'), tiffWithPreviews([Buffer.alloc(2000, 0x22)]));
    expect(await reasonOf(decode('bare.cr2'))).toBe('camera RAW file with no usable embedded preview');
  });
});

describe('the signature check before a file is read whole', () => {
  it('recognises every studio file written above by its first bytes', () => {
    const studio = /\.(psd|psb|tga|dds|exr|hdr|svg|ora|kra|nef|cr2)$/;
    const files = fs.readdirSync(tmp).filter((f) => studio.test(f));
    expect(new Set(files.map((f) => path.extname(f))).size).toBe(11);
    const refused = files.filter((f) => !looksLikeImage(fs.readFileSync(at(f)).subarray(0, SIGNATURE_BYTES)));
    expect(refused).toEqual([]);
  });
});

describe('other files', () => {
  it('answers null for formats sharp reads itself', async () => {
    expect(await decode('alpha.png')).toBeNull();
  });
});
