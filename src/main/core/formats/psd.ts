/**
 * Photoshop PSD and PSB through ag-psd: the composite image Photoshop stores
 * beside the layers, or, in a file saved without "Maximize Compatibility"
 * (which holds no real composite), the visible layers flattened by
 * psdLayers.ts.
 */
import { createRequire } from 'node:module';
import type { Psd, ReadOptions } from 'ag-psd';
import { checkPixels, type DecodedImage, FormatError } from './decodedImage';
import { checkLayerSizes, countLayers, flattenLayers } from './psdLayers';
import { linearToSrgb } from './toneMap';

// ag-psd makes its pixel buffers through a canvas unless given a plain factory; no canvas exists
// here. Its factories are typed with DOM types the main process does not have, hence `never`.
const plainImageData = (width: number, height: number) => ({
  width,
  height,
  data: new Uint8ClampedArray(width * height * 4),
  colorSpace: 'srgb' as const,
});
const noCanvas = () => {
  throw new Error('no canvas: PSD layers are not rendered');
};

/**
 * ag-psd, loaded with the first PSD rather than with every command (tens of milliseconds of start-up
 * that most runs never use); synchronously, as decoders are called.
 */
let agPsd: typeof import('ag-psd') | null = null;
function psdLibrary(): typeof import('ag-psd') {
  if (!agPsd) {
    agPsd = createRequire(import.meta.url)('ag-psd') as typeof import('ag-psd');
    agPsd.initializeCanvas(noCanvas as never, plainImageData as never);
  }
  return agPsd;
}

/** The PSD header's colour modes used here (ag-psd's ColorMode is a const enum, unusable across modules). */
const ColorMode = { Bitmap: 0, Grayscale: 1, RGB: 3 } as const;

/** '8BPS' then version 1 (PSD) or 2 (PSB). */
export function isPsd(head: Uint8Array): boolean {
  return (
    head.length >= 6 &&
    head[0] === 0x38 &&
    head[1] === 0x42 &&
    head[2] === 0x50 &&
    head[3] === 0x53 &&
    head[4] === 0 &&
    (head[5] === 1 || head[5] === 2)
  );
}

/**
 * Whether the file holds its whole composite: ag-psd reads past the end of a
 * truncated file as zeros, which would index a half-black picture. Walks the
 * section lengths to the image data and checks its raw or RLE size.
 */
/** Where the composite's compression field sits, or -1 when a section runs past the end. */
function imageDataStart(buf: Buffer): number {
  const psb = buf[5] === 2;
  let pos = 26;
  const skip32 = () => {
    if (pos + 4 > buf.length) return false;
    pos += 4 + buf.readUInt32BE(pos);
    return true;
  };
  if (!skip32() || !skip32()) return -1; // colour mode data, image resources
  if (psb) {
    if (pos + 8 > buf.length) return -1;
    pos += 8 + Number(buf.readBigUInt64BE(pos));
  } else if (!skip32()) return -1; // layers and masks
  return pos + 2 > buf.length ? -1 : pos;
}

function compositeComplete(buf: Buffer): boolean {
  const psb = buf[5] === 2;
  const channels = buf.readUInt16BE(12);
  const height = buf.readUInt32BE(14);
  const width = buf.readUInt32BE(18);
  const depth = buf.readUInt16BE(22);
  let pos = imageDataStart(buf);
  if (pos < 0) return false;
  const compression = buf.readUInt16BE(pos);
  pos += 2;
  const rows = channels * height;
  if (compression === 0) return pos + rows * Math.ceil((width * depth) / 8) <= buf.length;
  if (compression !== 1) return true; // ZIP: ag-psd's inflate fails on a cut stream by itself.
  const countBytes = psb ? 4 : 2;
  if (pos + rows * countBytes > buf.length) return false;
  let total = 0;
  for (let r = 0; r < rows; r++) total += psb ? buf.readUInt32BE(pos + r * 4) : buf.readUInt16BE(pos + r * 2);
  return pos + rows * countBytes + total <= buf.length;
}

/**
 * A 16-bit RLE composite (RGB or grey), decoded here: ag-psd's PackBits reader
 * takes each byte for a sample whatever the depth. Each row of each channel is
 * PackBits over big-endian 16-bit samples; the high byte, rounded, is kept.
 */
function decodeRle16(buf: Buffer, colours: 1 | 3): DecodedImage {
  const psb = buf[5] === 2;
  const channels = buf.readUInt16BE(12);
  const height = buf.readUInt32BE(14);
  const width = buf.readUInt32BE(18);
  const planes = Math.min(channels, colours + 1);
  const countBytes = psb ? 4 : 2;
  let counts = imageDataStart(buf) + 2;
  let pos = counts + channels * height * countBytes;
  const out = Buffer.alloc(width * height * 4, 255);
  const row = Buffer.alloc(width * 2);
  for (let c = 0; c < planes; c++) {
    for (let y = 0; y < height; y++, counts += countBytes) {
      const end = pos + (psb ? buf.readUInt32BE(counts) : buf.readUInt16BE(counts));
      let x = 0;
      while (pos < end && x < row.length) {
        const n = buf.readInt8(pos++);
        if (n >= 0) {
          const len = Math.min(n + 1, row.length - x);
          buf.copy(row, x, pos, pos + len);
          x += len;
          pos += n + 1;
        } else if (n !== -128) {
          row.fill(buf[pos++]!, x, Math.min(row.length, x - n + 1));
          x += 1 - n;
        }
      }
      pos = end;
      for (let i = 0; i < width; i++) {
        const v = Math.round((row.readUInt16BE(i * 2) * 255) / 65535);
        const o = (y * width + i) * 4;
        if (c < colours) for (let k = c; k < (colours === 1 ? 3 : c + 1); k++) out[o + k] = v;
        else out[o + 3] = v;
      }
    }
  }
  return { data: out, width, height, channels: 4, format: 'psd' };
}

/** ag-psd's reading of the file, its failures turned into reasons. */
function read(buf: Buffer, options: ReadOptions): Psd {
  try {
    return psdLibrary().readPsd(buf, {
      skipThumbnail: true,
      skipLinkedFilesData: true,
      useImageData: true,
      ...options,
    });
  } catch (err) {
    const depth = buf.readUInt16BE(22);
    if (depth !== 8 && /not supp?orte?d/i.test((err as Error).message)) {
      throw new FormatError(`unsupported PSD (${depth} bits per channel with transparency)`, err);
    }
    throw new FormatError('corrupt or truncated PSD', err);
  }
}

/** The document's structure alone: layer records and image resources, no pixels. */
const structure = (buf: Buffer) => read(buf, { skipLayerImageData: true, skipCompositeImageData: true });

/** Whether the stored composite is real: without Maximize Compatibility Photoshop writes a blank one and says so. */
const hasComposite = (psd: Psd) => psd.imageResources?.versionInfo?.hasRealMergedData !== false;

/** What `info` says of a PSD: whether its picture is the stored composite or the flattened layers, and its layer count. */
export function describePsd(buf: Buffer): { image: 'composite' | 'flattened layers'; layers: number } {
  const psd = structure(buf);
  return { image: hasComposite(psd) ? 'composite' : 'flattened layers', layers: countLayers(psd.children) };
}

/** The composite, or the flattened layers where there is none, as 8-bit RGBA. */
export function decodePsd(buf: Buffer, maxPixels: number): DecodedImage {
  if (buf.length < 26) throw new FormatError('corrupt or truncated PSD');
  checkPixels(buf.readUInt32BE(18), buf.readUInt32BE(14), maxPixels);
  if (!compositeComplete(buf)) throw new FormatError('corrupt or truncated PSD');
  const layout = structure(buf);
  if (!hasComposite(layout)) {
    checkLayerSizes(layout, maxPixels);
    const layered = read(buf, { skipCompositeImageData: true });
    return { data: flattenLayers(layered), width: layered.width, height: layered.height, channels: 4, format: 'psd' };
  }
  const mode = buf.readUInt16BE(24);
  const start = imageDataStart(buf);
  if (
    buf.readUInt16BE(22) === 16 &&
    buf.readUInt16BE(start) === 1 &&
    (mode === ColorMode.RGB || mode === ColorMode.Grayscale)
  ) {
    return decodeRle16(buf, mode === ColorMode.RGB ? 3 : 1);
  }
  const psd = read(buf, { skipLayerImageData: true });
  if (!psd.imageData) throw new FormatError('PSD holds no composite image');
  const px = psd.imageData;
  const n = px.width * px.height * 4;
  if (px.data.length < n) throw new FormatError('corrupt or truncated PSD');
  const data = Buffer.allocUnsafe(n);
  const src = px.data;
  // ag-psd fills a missing alpha with 255 whatever the depth: at 16 or 32 bits that is not opaque.
  const colours = mode === ColorMode.Grayscale || mode === ColorMode.Bitmap ? 1 : 3;
  const opaque = buf.readUInt16BE(12) <= colours;
  if (src instanceof Float32Array) {
    // 32-bit documents are linear light: encode to sRGB as Photoshop displays them.
    for (let i = 0; i < n; i++) data[i] = i % 4 === 3 ? (opaque ? 255 : to8(src[i]!)) : to8(linearToSrgb(src[i]!));
  } else if (src instanceof Uint16Array) {
    for (let i = 0; i < n; i++) data[i] = opaque && i % 4 === 3 ? 255 : Math.round((src[i]! * 255) / 65535);
  } else {
    for (let i = 0; i < n; i++) data[i] = src[i]!;
  }
  return { data, width: px.width, height: px.height, channels: 4, format: 'psd' };
}

function to8(v: number): number {
  return Math.max(0, Math.min(255, Math.round(v * 255)));
}
