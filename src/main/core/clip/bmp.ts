/**
 * A small BMP decoder. sharp's prebuilt libvips has no BMP loader, yet BMPs turn
 * up in old photo folders and screenshots, so we decode the common kinds here
 * and hand sharp raw pixels. Supported: BITMAPCOREHEADER, BITMAPINFOHEADER and
 * its V2-V5 extensions; 1/4/8-bit palette, 16-bit (5-5-5 or bitfields), 24-bit,
 * 32-bit (BGRx or bitfields, with alpha when a mask says so); bottom-up and
 * top-down. RLE and embedded JPEG/PNG are rejected with a clear reason.
 */

export class BmpError extends Error {
  /** Short, user-readable; preprocess turns it into an ImageDecodeError reason. */
  readonly reason: string;
  constructor(reason: string) {
    super(reason);
    this.name = 'BmpError';
    this.reason = reason;
  }
}

export interface BmpHeader {
  width: number;
  height: number;
  topDown: boolean;
  bpp: number;
  compression: number;
  dataOffset: number;
  headerSize: number;
  colours: number;
}

export interface RawPixels {
  data: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
}

const CORRUPT = 'corrupt or truncated image';

export function tooLargeReason(width: number, height: number, limit: number): string {
  return `image too large (${width}×${height} pixels, limit ${limit})`;
}

export function isBmp(buf: Uint8Array): boolean {
  return buf.length >= 2 && buf[0] === 0x42 && buf[1] === 0x4d; // 'BM'
}

/** Parses and validates the headers only: cheap, allocates nothing. */
export function readBmpHeader(buf: Buffer): BmpHeader {
  if (buf.length < 26) throw new BmpError(CORRUPT);
  const dataOffset = buf.readUInt32LE(10);
  const headerSize = buf.readUInt32LE(14);
  if (headerSize === 12) {
    // OS/2 BITMAPCOREHEADER: unsigned 16-bit sizes, always bottom-up, 3-byte palette.
    const bpp = buf.readUInt16LE(24);
    return check(buf, {
      width: buf.readUInt16LE(18),
      height: buf.readUInt16LE(20),
      topDown: false,
      bpp,
      compression: 0,
      dataOffset,
      headerSize,
      colours: bpp <= 8 ? 1 << bpp : 0,
    });
  }
  if (![40, 52, 56, 108, 124].includes(headerSize)) throw new BmpError('unsupported BMP variant');
  if (buf.length < 14 + headerSize) throw new BmpError(CORRUPT);
  const rawHeight = buf.readInt32LE(22);
  const bpp = buf.readUInt16LE(28);
  const compression = buf.readUInt32LE(30);
  const used = buf.readUInt32LE(46);
  const colours = bpp <= 8 ? Math.min(used || 1 << bpp, 256) : 0;
  return check(buf, {
    width: buf.readInt32LE(18),
    height: Math.abs(rawHeight),
    topDown: rawHeight < 0,
    bpp,
    compression,
    dataOffset,
    headerSize,
    colours,
  });
}

function check(buf: Buffer, h: BmpHeader): BmpHeader {
  if (h.compression === 1 || h.compression === 2) throw new BmpError('unsupported BMP (RLE-compressed)');
  if (h.compression === 4 || h.compression === 5) throw new BmpError('unsupported BMP (embedded JPEG/PNG)');
  const bitfields = h.compression === 3 || h.compression === 6;
  if (h.compression !== 0 && !(bitfields && (h.bpp === 16 || h.bpp === 32)))
    throw new BmpError('unsupported BMP compression');
  if (![1, 4, 8, 16, 24, 32].includes(h.bpp)) throw new BmpError(`unsupported BMP (${h.bpp} bits per pixel)`);
  if (h.width <= 0 || h.height <= 0 || h.dataOffset >= buf.length) throw new BmpError(CORRUPT);
  return h;
}

const rowStride = (h: BmpHeader): number => Math.floor((h.width * h.bpp + 31) / 32) * 4;

interface Field {
  mask: number;
  shift: number;
  bits: number;
  lut: Uint8Array | null;
}

function field(mask: number): Field {
  mask >>>= 0;
  if (mask === 0) return { mask, shift: 0, bits: 0, lut: null };
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  let bits = 0;
  while (bits + shift < 32 && ((mask >>> (shift + bits)) & 1) === 1) bits++;
  // Narrow fields (5-bit, 6-bit...) are stretched to 0..255, wide ones truncated.
  const lut =
    bits < 8 ? Uint8Array.from({ length: 1 << bits }, (_, v) => Math.round((v * 255) / ((1 << bits) - 1))) : null;
  return { mask, shift, bits, lut };
}

function extract(f: Field, px: number): number {
  const v = (px & f.mask) >>> f.shift;
  return f.lut ? f.lut[v]! : v >>> (f.bits - 8);
}

/** Decodes to RGB, or RGBA when the file carries a real alpha channel. */
export function decodeBmp(buf: Buffer, maxPixels: number): RawPixels {
  const h = readBmpHeader(buf);
  const { width, height, bpp } = h;
  if (width * height > maxPixels) throw new BmpError(tooLargeReason(width, height, maxPixels));
  // An uncompressed BMP holds every row, so the file itself bounds the size it may
  // claim: check that before allocating (the last row's padding may be missing).
  const stride = rowStride(h);
  if (h.dataOffset + stride * (height - 1) + Math.ceil((width * bpp) / 8) > buf.length) throw new BmpError(CORRUPT);

  // Masks sit right after a 40-byte header (BI_BITFIELDS) or inside V2+ headers: byte 54 either way.
  let masks = bpp === 16 ? [0x7c00, 0x03e0, 0x001f, 0] : [0xff0000, 0x00ff00, 0x0000ff, 0];
  const bitfields = h.compression === 3 || h.compression === 6;
  if (bitfields) {
    if (buf.length < 66) throw new BmpError(CORRUPT);
    const hasA = h.headerSize >= 56 || h.compression === 6;
    masks = [
      buf.readUInt32LE(54),
      buf.readUInt32LE(58),
      buf.readUInt32LE(62),
      hasA && buf.length >= 70 ? buf.readUInt32LE(66) : 0,
    ];
  }
  const [r, g, b, a] = masks.map(field) as [Field, Field, Field, Field];
  const channels: 3 | 4 = (bpp === 16 || bpp === 32) && a.mask !== 0 ? 4 : 3;
  const out = Buffer.alloc(width * height * channels);

  // Palette: BGRx quads (BGR triples for the OS/2 header), after header and masks.
  const entry = h.headerSize === 12 ? 3 : 4;
  const palStart = 14 + h.headerSize + (h.headerSize === 40 && bitfields ? (h.compression === 6 ? 16 : 12) : 0);
  const palCount = Math.max(0, Math.min(h.colours, Math.floor((buf.length - palStart) / entry)));
  const palette = new Uint8Array(256 * 3); // missing entries and out-of-range indices read as black
  for (let i = 0; i < palCount; i++) {
    const p = palStart + i * entry;
    palette[i * 3] = buf[p + 2]!;
    palette[i * 3 + 1] = buf[p + 1]!;
    palette[i * 3 + 2] = buf[p]!;
  }

  let alphaSeen = 0;
  for (let y = 0; y < height; y++) {
    const src = h.dataOffset + (h.topDown ? y : height - 1 - y) * stride;
    let o = y * width * channels;
    for (let x = 0; x < width; x++, o += channels) {
      if (bpp === 24) {
        const s = src + x * 3;
        out[o] = buf[s + 2]!;
        out[o + 1] = buf[s + 1]!;
        out[o + 2] = buf[s]!;
      } else if (bpp === 16 || bpp === 32) {
        const px = bpp === 16 ? buf.readUInt16LE(src + x * 2) : buf.readUInt32LE(src + x * 4);
        out[o] = extract(r, px);
        out[o + 1] = extract(g, px);
        out[o + 2] = extract(b, px);
        if (channels === 4) alphaSeen |= out[o + 3] = extract(a, px);
      } else {
        const bit = x * bpp;
        const idx = (buf[src + (bit >> 3)]! >> (8 - bpp - (bit & 7))) & ((1 << bpp) - 1);
        out[o] = palette[idx * 3]!;
        out[o + 1] = palette[idx * 3 + 1]!;
        out[o + 2] = palette[idx * 3 + 2]!;
      }
    }
  }
  // Many writers declare an alpha mask but leave it all zero: treat that as opaque.
  if (channels === 4 && alphaSeen === 0) for (let i = 3; i < out.length; i += 4) out[i] = 255;
  return { data: out, width, height, channels };
}
