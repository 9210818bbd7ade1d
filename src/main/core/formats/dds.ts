/**
 * DirectDraw Surface textures: the first mip level of the first surface (a
 * cube map's +X face), in BC1 to BC7 or uncompressed masked RGB(A), luminance
 * and DX10 RGBA8/BGRA8. BC6H's half floats are tone-mapped to sRGB by
 * toneMap.ts, as EXR and HDR are. No maintained npm package decodes block
 * compression outside a GPU, so the decoders are here (BC6H and BC7 in their
 * own files), checked against ImageMagick's and Pillow's pixels in the tests.
 */
import { decodeBc6hBlock } from './bc6h';
import { decodeBc7Block } from './bc7';
import { checkPixels, type DecodedImage, FormatError } from './decodedImage';
import { toneMapToSrgb } from './toneMap';

const HEADER = 128;
const DX10_HEADER = 20;
const DDPF_ALPHAPIXELS = 0x1;
const DDPF_ALPHA = 0x2;
const DDPF_FOURCC = 0x4;
const DDPF_RGB = 0x40;
const DDPF_LUMINANCE = 0x20000;

export function isDds(head: Uint8Array): boolean {
  return (
    head.length >= 8 && head[0] === 0x44 && head[1] === 0x44 && head[2] === 0x53 && head[3] === 0x20 && head[4] === 124
  );
}

type Codec = 'bc1' | 'bc2' | 'bc3' | 'bc4' | 'bc5' | 'bc6h' | 'bc6h-signed' | 'bc7' | 'rgba8' | 'bgra8' | 'bgrx8';

const FOURCC: Record<string, Codec> = {
  DXT1: 'bc1',
  DXT2: 'bc2',
  DXT3: 'bc2',
  DXT4: 'bc3',
  DXT5: 'bc3',
  ATI1: 'bc4',
  BC4U: 'bc4',
  ATI2: 'bc5',
  BC5U: 'bc5',
};

/** DXGI_FORMAT values (dxgiformat.h). */
const DXGI: Record<number, Codec> = {
  28: 'rgba8',
  29: 'rgba8',
  71: 'bc1',
  72: 'bc1',
  74: 'bc2',
  75: 'bc2',
  77: 'bc3',
  78: 'bc3',
  80: 'bc4',
  83: 'bc5',
  87: 'bgra8',
  88: 'bgrx8',
  91: 'bgra8',
  93: 'bgrx8',
  94: 'bc6h',
  95: 'bc6h',
  96: 'bc6h-signed',
  97: 'bc7',
  98: 'bc7',
  99: 'bc7',
};

const truncated = () => new FormatError('corrupt or truncated DDS');

/** RGB565 to 8-bit channels, widened as (v << 3) | (v >> 2) and (v << 2) | (v >> 4). */
function rgb565(v: number): [number, number, number] {
  const r = (v >> 11) & 31;
  const g = (v >> 5) & 63;
  const b = v & 31;
  return [(r << 3) | (r >> 2), (g << 2) | (g >> 4), (b << 3) | (b >> 2)];
}

/** A BC1 colour block's 16 colours as RGBA; `opaque4` forces the four-colour mode (BC2/BC3). */
function colourBlock(buf: Buffer, p: number, out: Uint8Array, opaque4: boolean): void {
  const c0 = buf.readUInt16LE(p);
  const c1 = buf.readUInt16LE(p + 2);
  const a = rgb565(c0);
  const b = rgb565(c1);
  const palette = [
    [...a, 255],
    [...b, 255],
  ];
  if (c0 > c1 || opaque4) {
    palette.push(
      [0, 1, 2].map((i) => Math.floor((2 * a[i]! + b[i]!) / 3)).concat(255),
      [0, 1, 2].map((i) => Math.floor((a[i]! + 2 * b[i]!) / 3)).concat(255),
    );
  } else {
    palette.push([0, 1, 2].map((i) => Math.floor((a[i]! + b[i]!) / 2)).concat(255), [0, 0, 0, 0]);
  }
  const bits = buf.readUInt32LE(p + 4);
  for (let i = 0; i < 16; i++) out.set(palette[(bits >>> (2 * i)) & 3]!, i * 4);
}

/** A BC4 block's 16 values (BC3's alpha, BC5's channels). */
function valueBlock(buf: Buffer, p: number, out: Uint8Array, offset: number): void {
  const v0 = buf[p]!;
  const v1 = buf[p + 1]!;
  const values = [v0, v1];
  if (v0 > v1) for (let i = 1; i < 7; i++) values.push(Math.floor(((7 - i) * v0 + i * v1) / 7));
  else {
    for (let i = 1; i < 5; i++) values.push(Math.floor(((5 - i) * v0 + i * v1) / 5));
    values.push(0, 255);
  }
  // 48 bits of 3-bit indices, little-endian.
  const lo = buf.readUIntLE(p + 2, 3);
  const hi = buf.readUIntLE(p + 5, 3);
  for (let i = 0; i < 16; i++) {
    const index = i < 8 ? (lo >> (3 * i)) & 7 : (hi >> (3 * (i - 8))) & 7;
    out[i * 4 + offset] = values[index]!;
  }
}

function checkBlocks(buf: Buffer, pos: number, width: number, height: number, blockBytes: number): void {
  if (pos + Math.ceil(width / 4) * Math.ceil(height / 4) * blockBytes > buf.length) throw truncated();
}

function decodeBlocks(buf: Buffer, pos: number, width: number, height: number, codec: Codec): Buffer {
  const blockBytes = codec === 'bc1' || codec === 'bc4' ? 8 : 16;
  const bw = Math.ceil(width / 4);
  const bh = Math.ceil(height / 4);
  checkBlocks(buf, pos, width, height, blockBytes);
  const out = Buffer.alloc(width * height * 4);
  const block = new Uint8Array(64);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++, pos += blockBytes) {
      if (codec === 'bc1') colourBlock(buf, pos, block, false);
      else if (codec === 'bc2') {
        colourBlock(buf, pos + 8, block, true);
        for (let i = 0; i < 16; i++) block[i * 4 + 3] = ((buf[pos + (i >> 1)]! >> (4 * (i & 1))) & 15) * 17;
      } else if (codec === 'bc3') {
        colourBlock(buf, pos + 8, block, true);
        valueBlock(buf, pos, block, 3);
      } else if (codec === 'bc4') {
        valueBlock(buf, pos, block, 0);
        for (let i = 0; i < 16; i++) block.set([block[i * 4]!, block[i * 4]!, 255], i * 4 + 1);
      } else if (codec === 'bc7') decodeBc7Block(buf, pos, block);
      else {
        // BC5: red and green; blue reconstructed as for a normal map would be guesswork, so 0.
        valueBlock(buf, pos, block, 0);
        valueBlock(buf, pos + 8, block, 1);
        for (let i = 0; i < 16; i++) block.set([0, 255], i * 4 + 2);
      }
      for (let y = 0; y < 4; y++) {
        const py = by * 4 + y;
        if (py >= height) break;
        for (let x = 0; x < 4; x++) {
          const px = bx * 4 + x;
          if (px >= width) break;
          out.set(block.subarray((y * 4 + x) * 4, (y * 4 + x) * 4 + 4), (py * width + px) * 4);
        }
      }
    }
  }
  return out;
}

/** BC6H blocks to linear-light RGB, tone-mapped to 8-bit sRGB. */
function decodeBc6h(buf: Buffer, pos: number, width: number, height: number, signed: boolean): Buffer {
  checkBlocks(buf, pos, width, height, 16);
  const linear = new Float32Array(width * height * 3);
  const block = new Float32Array(48);
  for (let by = 0; by < Math.ceil(height / 4); by++) {
    for (let bx = 0; bx < Math.ceil(width / 4); bx++, pos += 16) {
      decodeBc6hBlock(buf, pos, signed, block);
      for (let y = 0; y < 4 && by * 4 + y < height; y++) {
        for (let x = 0; x < 4 && bx * 4 + x < width; x++) {
          linear.set(block.subarray((y * 4 + x) * 3, (y * 4 + x) * 3 + 3), ((by * 4 + y) * width + bx * 4 + x) * 3);
        }
      }
    }
  }
  // Half floats can be infinite or NaN; the tone mapping needs finite values.
  for (let i = 0; i < linear.length; i++) if (!Number.isFinite(linear[i]!)) linear[i] = 0;
  return toneMapToSrgb(linear, width * height);
}

/** The shift and width of a channel mask, to widen its value to 8 bits. */
function maskReader(mask: number): (v: number) => number {
  if (mask === 0) return () => 255;
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  const max = mask >>> shift;
  return (v) => Math.round((((v & mask) >>> shift) * 255) / max);
}

function decodeMasked(buf: Buffer, pos: number, width: number, height: number): { data: Buffer } {
  const flags = buf.readUInt32LE(80);
  const bits = buf.readUInt32LE(88);
  if (![8, 16, 24, 32].includes(bits)) throw new FormatError(`unsupported DDS format (${bits}-bit)`);
  const bytes = bits / 8;
  const pitch = width * bytes;
  if (pos + pitch * height > buf.length) throw truncated();
  const luminance = (flags & DDPF_LUMINANCE) !== 0;
  const alphaOnly = (flags & DDPF_ALPHA) !== 0 && (flags & (DDPF_RGB | DDPF_LUMINANCE)) === 0;
  const alpha = (flags & (DDPF_ALPHAPIXELS | DDPF_ALPHA)) !== 0;
  const [r, g, b, a] = [92, 96, 100, 104].map((o) => maskReader(buf.readUInt32LE(o)));
  const out = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const v = buf.readUIntLE(pos + i * bytes, bytes);
    const o = i * 4;
    if (alphaOnly) out.set([255, 255, 255, a!(v)], o);
    else if (luminance) out.set([r!(v), r!(v), r!(v), alpha ? a!(v) : 255], o);
    else out.set([r!(v), g!(v), b!(v), alpha ? a!(v) : 255], o);
  }
  return { data: out };
}

/** The first mip level of the first surface as 8-bit RGBA. */
export function decodeDds(buf: Buffer, maxPixels: number): DecodedImage {
  if (!isDds(buf) || buf.length < HEADER) throw truncated();
  const height = buf.readUInt32LE(12);
  const width = buf.readUInt32LE(16);
  checkPixels(width, height, maxPixels);
  const flags = buf.readUInt32LE(80);
  const fourCC = buf.toString('latin1', 84, 88);
  let pos = HEADER;
  let codec: Codec | undefined;
  if (flags & DDPF_FOURCC) {
    if (fourCC === 'DX10') {
      if (buf.length < HEADER + DX10_HEADER) throw truncated();
      const dxgi = buf.readUInt32LE(HEADER);
      pos += DX10_HEADER;
      codec = DXGI[dxgi];
      if (!codec) throw new FormatError(`unsupported DDS format (DXGI ${dxgi})`);
    } else {
      codec = FOURCC[fourCC];
      if (!codec) throw new FormatError(`unsupported DDS format (${JSON.stringify(fourCC).slice(1, -1)})`);
    }
  }
  if (!codec) {
    const { data } = decodeMasked(buf, pos, width, height);
    return { data, width, height, channels: 4, format: 'dds' };
  }
  if (codec === 'bc6h' || codec === 'bc6h-signed') {
    const data = decodeBc6h(buf, pos, width, height, codec === 'bc6h-signed');
    return { data, width, height, channels: 3, format: 'dds' };
  }
  let data: Buffer;
  if (codec === 'rgba8' || codec === 'bgra8' || codec === 'bgrx8') {
    if (pos + width * height * 4 > buf.length) throw truncated();
    data = Buffer.from(buf.subarray(pos, pos + width * height * 4));
    for (let i = 0; i < data.length; i += 4) {
      if (codec !== 'rgba8') [data[i], data[i + 2]] = [data[i + 2]!, data[i]!];
      if (codec === 'bgrx8') data[i + 3] = 255;
    }
  } else data = decodeBlocks(buf, pos, width, height, codec);
  return { data, width, height, channels: 4, format: 'dds' };
}
