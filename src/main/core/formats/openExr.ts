/**
 * OpenEXR, single-part scanline files: R, G, B (and A) or luminance Y, as
 * half, float or uint, tone-mapped to sRGB by toneMap.ts. NONE, RLE, ZIPS and
 * ZIP (what ImageMagick, Krita and most renderers write by default) are
 * decoded here; PIZ, PXR24, B44, B44A, DWAA and DWAB through three.js's
 * EXRLoader (exrThree.ts), the one maintained npm reader of them. The header
 * is read here for both, so that tiled, deep and multi-part files, other
 * compressions, a file with no colour channel (depth only, say) and a cut
 * chunk table are refused with their reason before any pixel is decoded.
 */
import { unzlibSync } from 'fflate';
import { checkPixels, type DecodedImage, FormatError } from './decodedImage';
import type { LinearPixels } from './exrThree';
import { halfToFloat } from './halfFloat';
import { toneMapToSrgb } from './toneMap';

const COMPRESSIONS = [
  'NONE',
  'RLE',
  'ZIPS',
  'ZIP',
  'PIZ',
  'PXR24',
  'B44',
  'B44A',
  'DWAA',
  'DWAB',
  'HTJ2K256',
  'HTJ2K32',
];
/** Scanlines per chunk of each compression read here or by three.js (HTJ2K is neither). */
const LINES_PER_CHUNK: Record<string, number> = {
  NONE: 1,
  RLE: 1,
  ZIPS: 1,
  ZIP: 16,
  PIZ: 32,
  PXR24: 16,
  B44: 32,
  B44A: 32,
  DWAA: 32,
  DWAB: 256,
};
const OWN = new Set(['NONE', 'RLE', 'ZIPS', 'ZIP']);
const SAMPLE_BYTES = [4, 2, 4]; // UINT, HALF, FLOAT

export function isOpenExr(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x76 && head[1] === 0x2f && head[2] === 0x31 && head[3] === 0x01;
}

interface Channel {
  name: string;
  type: number;
  xSampling: number;
  ySampling: number;
}

const truncated = () => new FormatError('corrupt or truncated EXR');

function readHeader(buf: Buffer) {
  const version = buf.readUInt32LE(4);
  if (version & 0x1000) throw new FormatError('unsupported EXR (multi-part)');
  if (version & 0x800) throw new FormatError('unsupported EXR (deep data)');
  if (version & 0x200) throw new FormatError('unsupported EXR (tiled)');
  let pos = 8;
  const cstring = () => {
    const end = buf.indexOf(0, pos);
    if (end < 0 || end - pos > 255) throw truncated();
    const s = buf.toString('latin1', pos, end);
    pos = end + 1;
    return s;
  };
  let channels: Channel[] = [];
  let compression = -1;
  let box: number[] = [];
  for (;;) {
    const name = cstring();
    if (name === '') break;
    cstring(); // type name
    const size = buf.readInt32LE(pos);
    pos += 4;
    const at = pos;
    if (at + size > buf.length) throw truncated();
    if (name === 'channels') {
      channels = [];
      let p = at;
      while (p < at + size && buf[p] !== 0) {
        const end = buf.indexOf(0, p);
        const ch = buf.toString('latin1', p, end);
        p = end + 1;
        channels.push({
          name: ch,
          type: buf.readInt32LE(p),
          xSampling: buf.readInt32LE(p + 8),
          ySampling: buf.readInt32LE(p + 12),
        });
        p += 16;
      }
    } else if (name === 'compression') compression = buf[at]!;
    else if (name === 'dataWindow') box = [0, 4, 8, 12].map((o) => buf.readInt32LE(at + o));
    pos = at + size;
  }
  if (box.length !== 4 || compression < 0 || channels.length === 0) throw truncated();
  return { channels, compression: COMPRESSIONS[compression] ?? `#${compression}`, box, offsets: pos };
}

/** Undoes ZIP/RLE's byte predictor and the split of even and odd bytes. */
function unpredict(t: Uint8Array): Buffer {
  for (let i = 1; i < t.length; i++) t[i] = (t[i - 1]! + t[i]! - 128) & 0xff;
  const out = Buffer.allocUnsafe(t.length);
  const half = (t.length + 1) >> 1;
  for (let i = 0, a = 0, b = half; i < t.length; i++) out[i] = i & 1 ? t[b++]! : t[a++]!;
  return out;
}

function unRle(src: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let o = 0;
  for (let p = 0; p < src.length && o < size;) {
    const n = (src[p++]! << 24) >> 24;
    if (n < 0) {
      out.set(src.subarray(p, p - n), o);
      o -= n;
      p -= n;
    } else {
      out.fill(src[p++]!, o, o + n + 1);
      o += n + 1;
    }
  }
  if (o < size) throw truncated();
  return out;
}

interface Header {
  channels: Channel[];
  compression: string;
  box: number[];
  offsets: number;
}

/** NONE, RLE, ZIPS and ZIP chunks to linear floats; `colour` names the channels of red, green and blue. */
function decodeChunks(
  buf: Buffer,
  { channels, compression, box, offsets }: Header,
  lines: number,
  a: number,
  colour: [number, number, number],
): LinearPixels {
  const width = box[2]! - box[0]! + 1;
  const height = box[3]! - box[1]! + 1;
  const rowBytes = channels.reduce((sum, c) => sum + SAMPLE_BYTES[c.type]! * width, 0);
  const chunks = Math.ceil(height / lines);
  const linear = new Float32Array(width * height * 3);
  const alpha = a >= 0 ? new Float32Array(width * height) : null;
  for (let c = 0; c < chunks; c++) {
    const at = Number(buf.readBigUInt64LE(offsets + c * 8));
    if (at + 8 > buf.length) throw truncated();
    const first = buf.readInt32LE(at) - box[1]!;
    const size = buf.readInt32LE(at + 4);
    if (at + 8 + size > buf.length || first < 0 || first >= height) throw truncated();
    const count = Math.min(lines, height - first);
    const expected = count * rowBytes;
    const raw = buf.subarray(at + 8, at + 8 + size);
    let data: Buffer;
    try {
      if (size === expected)
        data = raw; // stored uncompressed when compressing did not pay
      else if (compression === 'RLE') data = unpredict(unRle(raw, expected));
      else data = unpredict(unzlibSync(raw, { out: new Uint8Array(expected) }));
    } catch (err) {
      throw err instanceof FormatError ? err : new FormatError('corrupt or truncated EXR', err);
    }
    if (data.length < expected) throw truncated();
    for (let line = 0; line < count; line++) {
      let p = line * rowBytes;
      const row = first + line;
      channels.forEach((ch, index) => {
        const bytes = SAMPLE_BYTES[ch.type]!;
        for (let x = 0; x < width; x++, p += bytes) {
          const v =
            ch.type === 1
              ? halfToFloat(data.readUInt16LE(p))
              : ch.type === 2
                ? data.readFloatLE(p)
                : data.readUInt32LE(p);
          const i = row * width + x;
          if (index === a) alpha![i] = v;
          for (let k = 0; k < 3; k++) if (index === colour[k]) linear[i * 3 + k] = v;
        }
      });
    }
  }
  return { linear, alpha };
}

/** The image tone-mapped to 8-bit sRGB (RGBA when it has alpha). */
export async function decodeOpenExr(buf: Buffer, maxPixels: number): Promise<DecodedImage> {
  if (buf.length < 8) throw truncated();
  const { channels, compression, box, offsets } = readHeader(buf);
  const width = box[2]! - box[0]! + 1;
  const height = box[3]! - box[1]! + 1;
  checkPixels(width, height, maxPixels);
  const find = (n: string) => channels.findIndex((c) => c.name === n);
  const [r, g, b, y, a] = ['R', 'G', 'B', 'Y', 'A'].map(find) as [number, number, number, number, number];
  const rgb = r >= 0 && g >= 0 && b >= 0;
  if (!rgb && y < 0) {
    throw new FormatError(`EXR has no colour channels (only ${channels.map((c) => c.name).join(', ')})`);
  }
  const lines = LINES_PER_CHUNK[compression];
  if (!lines) throw new FormatError(`unsupported EXR compression (${compression})`);
  if (channels.some((c) => c.xSampling !== 1 || c.ySampling !== 1))
    throw new FormatError('unsupported EXR (subsampled channels)');
  const chunks = Math.ceil(height / lines);
  if (offsets + chunks * 8 > buf.length) throw truncated();
  for (let c = 0; c < chunks; c++) {
    const at = Number(buf.readBigUInt64LE(offsets + c * 8));
    if (at + 8 > buf.length || at + 8 + buf.readInt32LE(at + 4) > buf.length) throw truncated();
  }
  const { linear, alpha } = OWN.has(compression)
    ? decodeChunks(buf, { channels, compression, box, offsets }, lines, a, rgb ? [r, g, b] : [y, y, y])
    : // three.js is loaded on first need: it adds a noticeable start-up time to every command otherwise.
      (await import('./exrThree')).decodeExrWithThree(buf, width, height, a >= 0);
  for (let i = 0; i < linear.length; i++) if (!Number.isFinite(linear[i]!)) linear[i] = 0;
  const colour = toneMapToSrgb(linear, width * height);
  if (!alpha) return { data: colour, width, height, channels: 3, format: 'exr' };
  const data = Buffer.allocUnsafe(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    colour.copy(data, i * 4, i * 3, i * 3 + 3);
    data[i * 4 + 3] = Math.round(Math.max(0, Math.min(1, alpha[i]!)) * 255);
  }
  return { data, width, height, channels: 4, format: 'exr' };
}
