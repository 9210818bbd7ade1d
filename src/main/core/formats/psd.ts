/**
 * Photoshop PSD and PSB through ag-psd: the composite image Photoshop stores
 * beside the layers. A file saved without "Maximize Compatibility" holds no real
 * composite, and ag-psd does not blend layers (blend modes, masks, effects), so
 * such a file is refused with its reason rather than indexed as a blank page.
 */
import { initializeCanvas, readPsd, type Psd } from 'ag-psd';
import { checkPixels, FormatError, type DecodedImage } from './decodedImage';
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
initializeCanvas(noCanvas as never, plainImageData as never);

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
function compositeComplete(buf: Buffer): boolean {
  const psb = buf[5] === 2;
  const channels = buf.readUInt16BE(12);
  const height = buf.readUInt32BE(14);
  const width = buf.readUInt32BE(18);
  const depth = buf.readUInt16BE(22);
  let pos = 26;
  const skip32 = () => {
    if (pos + 4 > buf.length) return false;
    pos += 4 + buf.readUInt32BE(pos);
    return true;
  };
  if (!skip32() || !skip32()) return false; // colour mode data, image resources
  if (psb) {
    if (pos + 8 > buf.length) return false;
    pos += 8 + Number(buf.readBigUInt64BE(pos));
  } else if (!skip32()) return false; // layers and masks
  if (pos + 2 > buf.length) return false;
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

/** The composite as 8-bit RGBA. */
export function decodePsd(buf: Buffer, maxPixels: number): DecodedImage {
  if (buf.length < 26) throw new FormatError('corrupt or truncated PSD');
  checkPixels(buf.readUInt32BE(18), buf.readUInt32BE(14), maxPixels);
  if (!compositeComplete(buf)) throw new FormatError('corrupt or truncated PSD');
  let psd: Psd;
  try {
    psd = readPsd(buf, {
      skipLayerImageData: true,
      skipThumbnail: true,
      skipLinkedFilesData: true,
      useImageData: true,
    });
  } catch (err) {
    const depth = buf.readUInt16BE(22);
    if (depth !== 8 && /not supp?orte?d/i.test((err as Error).message)) {
      throw new FormatError(`unsupported PSD (${depth} bits per channel with transparency)`, err);
    }
    throw new FormatError('corrupt or truncated PSD', err);
  }
  if (psd.imageResources?.versionInfo?.hasRealMergedData === false) {
    throw new FormatError('PSD saved without a composite image (save it with Maximize Compatibility)');
  }
  const px = psd.imageData;
  if (!px) throw new FormatError('PSD holds no composite image');
  const n = px.width * px.height * 4;
  if (px.data.length < n) throw new FormatError('corrupt or truncated PSD');
  const data = Buffer.allocUnsafe(n);
  const src = px.data;
  if (src instanceof Float32Array) {
    // 32-bit documents are linear light: encode to sRGB as Photoshop displays them.
    for (let i = 0; i < n; i++) data[i] = i % 4 === 3 ? to8(src[i]!) : to8(linearToSrgb(src[i]!));
  } else if (src instanceof Uint16Array) {
    // Photoshop's 16-bit range is 0..32768.
    for (let i = 0; i < n; i++) data[i] = Math.min(255, Math.round((src[i]! * 255) / 32768));
  } else {
    for (let i = 0; i < n; i++) data[i] = src[i]!;
  }
  return { data, width: px.width, height: px.height, channels: 4, format: 'psd' };
}

function to8(v: number): number {
  return Math.max(0, Math.min(255, Math.round(v * 255)));
}
