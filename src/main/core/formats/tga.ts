/**
 * Truevision TGA: true-colour, grey and colour-mapped, each raw or run-length
 * encoded, in 8, 15, 16, 24 and 32 bits. No maintained npm decoder reads all of
 * these without a canvas, and the format is small, so it is decoded here and
 * checked against ImageMagick's pixels in the tests.
 */
import { checkPixels, type DecodedImage, FormatError } from './decodedImage';

const HEADER = 18;
const TYPES = new Set([1, 2, 3, 9, 10, 11]);
const DEPTHS = new Set([8, 15, 16, 24, 32]);

/**
 * TGA has no magic number (the optional footer is at the end), so the 18-byte
 * header must be self-consistent: a known image type, a colour map exactly when
 * the type needs one, a known pixel depth, a size, and the reserved bits clear.
 */
export function isTga(head: Uint8Array): boolean {
  if (head.length < HEADER) return false;
  const mapType = head[1]!;
  const type = head[2]!;
  const mapLength = head[5]! | (head[6]! << 8);
  const mapDepth = head[7]!;
  const width = head[12]! | (head[13]! << 8);
  const height = head[14]! | (head[15]! << 8);
  const depth = head[16]!;
  if (!TYPES.has(type) || !DEPTHS.has(depth) || width === 0 || height === 0 || (head[17]! & 0xc0) !== 0) return false;
  const mapped = type === 1 || type === 9;
  if (mapped)
    return mapType === 1 && mapLength > 0 && [15, 16, 24, 32].includes(mapDepth) && (depth === 8 || depth === 16);
  if (mapType !== 0) return false;
  return type === 3 || type === 11 ? depth === 8 || depth === 16 : depth !== 8;
}

/** Reads one pixel's bytes at `p` as RGBA into `out` at `o`. */
type PixelReader = (src: Buffer, p: number, out: Buffer, o: number) => void;

function trueColour(bits: number, alpha: boolean): PixelReader {
  if (bits === 32) {
    return (s, p, out, o) => {
      out[o] = s[p + 2]!;
      out[o + 1] = s[p + 1]!;
      out[o + 2] = s[p]!;
      out[o + 3] = alpha ? s[p + 3]! : 255;
    };
  }
  if (bits === 24) {
    return (s, p, out, o) => {
      out[o] = s[p + 2]!;
      out[o + 1] = s[p + 1]!;
      out[o + 2] = s[p]!;
      out[o + 3] = 255;
    };
  }
  // 15/16 bits: A1 R5 G5 B5, little-endian; 5-bit values widened as (v << 3) | (v >> 2).
  return (s, p, out, o) => {
    const v = s[p]! | (s[p + 1]! << 8);
    const wide = (c: number) => (c << 3) | (c >> 2);
    out[o] = wide((v >> 10) & 31);
    out[o + 1] = wide((v >> 5) & 31);
    out[o + 2] = wide(v & 31);
    out[o + 3] = alpha && bits === 16 ? (v & 0x8000 ? 255 : 0) : 255;
  };
}

/** The 8-bit RGBA pixels (RGB when the file has no alpha) of a TGA file. */
export function decodeTga(buf: Buffer, maxPixels: number): DecodedImage {
  if (!isTga(buf)) throw new FormatError('corrupt or truncated TGA');
  const type = buf[2]!;
  const mapFirst = buf.readUInt16LE(3);
  const mapLength = buf.readUInt16LE(5);
  const mapDepth = buf[7]!;
  const width = buf.readUInt16LE(12);
  const height = buf.readUInt16LE(14);
  const depth = buf[16]!;
  const descriptor = buf[17]!;
  checkPixels(width, height, maxPixels);
  const alphaBits = descriptor & 0x0f;
  const rle = type >= 9;
  const grey = type === 3 || type === 11;
  const mapped = type === 1 || type === 9;
  const bytesPerPixel = (depth + 7) >> 3;
  let pos = HEADER + buf[0]!;

  let read: PixelReader;
  let alpha = false;
  if (mapped) {
    const entryBytes = (mapDepth + 7) >> 3;
    const mapEnd = pos + mapLength * entryBytes;
    if (mapEnd > buf.length) throw new FormatError('corrupt or truncated TGA');
    const palette = Buffer.alloc(mapLength * 4);
    alpha = (mapDepth === 32 || mapDepth === 16) && alphaBits > 0;
    const entry = trueColour(mapDepth, alpha);
    for (let i = 0; i < mapLength; i++) entry(buf, pos + i * entryBytes, palette, i * 4);
    pos = mapEnd;
    read = (s, p, out, o) => {
      const index = (bytesPerPixel === 2 ? s[p]! | (s[p + 1]! << 8) : s[p]!) - mapFirst;
      if (index >= 0 && index < mapLength) palette.copy(out, o, index * 4, index * 4 + 4);
      else out.fill(0, o, o + 3).writeUInt8(255, o + 3);
    };
  } else if (grey) {
    alpha = depth === 16 && alphaBits > 0;
    read = (s, p, out, o) => {
      out[o] = out[o + 1] = out[o + 2] = s[p]!;
      out[o + 3] = alpha ? s[p + 1]! : 255;
    };
  } else {
    alpha = (depth === 32 || depth === 16) && alphaBits > 0;
    read = trueColour(depth, alpha);
  }

  // Pixels in file order, then placed by the origin bits: bottom-up unless bit 5, left-to-right unless bit 4.
  const count = width * height;
  const rgba = Buffer.alloc(count * 4);
  const truncated = () => new FormatError('corrupt or truncated TGA');
  if (!rle) {
    if (pos + count * bytesPerPixel > buf.length) throw truncated();
    for (let i = 0; i < count; i++, pos += bytesPerPixel) read(buf, pos, rgba, i * 4);
  } else {
    let i = 0;
    while (i < count) {
      if (pos >= buf.length) throw truncated();
      const packet = buf[pos++]!;
      const n = Math.min((packet & 0x7f) + 1, count - i);
      if (packet & 0x80) {
        if (pos + bytesPerPixel > buf.length) throw truncated();
        read(buf, pos, rgba, i * 4);
        for (let k = 1; k < n; k++) rgba.copy(rgba, (i + k) * 4, i * 4, i * 4 + 4);
        pos += bytesPerPixel;
      } else {
        if (pos + n * bytesPerPixel > buf.length) throw truncated();
        for (let k = 0; k < n; k++, pos += bytesPerPixel) read(buf, pos, rgba, (i + k) * 4);
      }
      i += n;
    }
  }

  const topDown = (descriptor & 0x20) !== 0;
  const rightToLeft = (descriptor & 0x10) !== 0;
  const channels = alpha ? 4 : 3;
  const data = Buffer.allocUnsafe(count * channels);
  for (let y = 0; y < height; y++) {
    const srcRow = topDown ? y : height - 1 - y;
    for (let x = 0; x < width; x++) {
      const s = (srcRow * width + (rightToLeft ? width - 1 - x : x)) * 4;
      const d = (y * width + x) * channels;
      data[d] = rgba[s]!;
      data[d + 1] = rgba[s + 1]!;
      data[d + 2] = rgba[s + 2]!;
      if (alpha) data[d + 3] = rgba[s + 3]!;
    }
  }
  return { data, width, height, channels, format: 'tga' };
}
