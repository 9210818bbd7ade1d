/**
 * Radiance RGBE (.hdr, .pic): the text header, then scanlines flat or in the
 * "new" run-length encoding, tone-mapped to sRGB by toneMap.ts. No maintained
 * npm package reads it outside a browser or three.js, and the format is small.
 */
import { checkPixels, type DecodedImage, FormatError } from './decodedImage';
import { toneMapToSrgb } from './toneMap';

const MAGICS = ['#?RADIANCE', '#?RGBE'];

export function isRadianceHdr(head: Uint8Array): boolean {
  const text = Buffer.from(head.subarray(0, 10)).toString('latin1');
  return MAGICS.some((m) => text.startsWith(m));
}

/** Header lines up to the resolution line; returns the size, flip flags and where pixels start. */
function readHeader(buf: Buffer) {
  let pos = 0;
  const line = () => {
    const end = buf.indexOf(0x0a, pos);
    if (end < 0 || end - pos > 4096) throw new FormatError('corrupt or truncated HDR');
    const text = buf.toString('latin1', pos, end);
    pos = end + 1;
    return text;
  };
  let format = '32-bit_rle_rgbe';
  for (let n = 0; ; n++) {
    if (n > 1000) throw new FormatError('corrupt HDR (header too long)');
    const text = line();
    if (text === '') break;
    if (text.startsWith('FORMAT=')) format = text.slice(7).trim();
  }
  if (format !== '32-bit_rle_rgbe') throw new FormatError(`unsupported HDR pixel format (${format})`);
  const res = /^([-+])Y (\d+) ([-+])X (\d+)$/.exec(line().trim());
  if (!res) throw new FormatError('unsupported HDR orientation');
  return { height: Number(res[2]), width: Number(res[4]), bottomUp: res[1] === '+', rightToLeft: res[3] === '-', pos };
}

/** One scanline's RGBE bytes into `row` (width × 4); returns the new read position. */
function readScanline(buf: Buffer, pos: number, row: Uint8Array, width: number): number {
  const truncated = () => new FormatError('corrupt or truncated HDR');
  const rle = width >= 8 && width < 0x8000 && buf[pos] === 2 && buf[pos + 1] === 2 && (buf[pos + 2]! & 0x80) === 0;
  if (!rle) {
    if (pos + width * 4 > buf.length) throw truncated();
    row.set(buf.subarray(pos, pos + width * 4));
    return pos + width * 4;
  }
  if (((buf[pos + 2]! << 8) | buf[pos + 3]!) !== width) throw new FormatError('corrupt HDR (scanline width)');
  pos += 4;
  for (let c = 0; c < 4; c++) {
    for (let x = 0; x < width;) {
      if (pos >= buf.length) throw truncated();
      let n = buf[pos++]!;
      if (n > 128) {
        n -= 128;
        if (x + n > width || pos >= buf.length) throw truncated();
        const v = buf[pos++]!;
        for (let k = 0; k < n; k++) row[x++ * 4 + c] = v;
      } else {
        if (n === 0 || x + n > width || pos + n > buf.length) throw truncated();
        for (let k = 0; k < n; k++) row[x++ * 4 + c] = buf[pos++]!;
      }
    }
  }
  return pos;
}

/** The image tone-mapped to 8-bit sRGB. */
export function decodeRadianceHdr(buf: Buffer, maxPixels: number): DecodedImage {
  const { width, height, bottomUp, rightToLeft, pos: start } = readHeader(buf);
  checkPixels(width, height, maxPixels);
  const linear = new Float32Array(width * height * 3);
  const row = new Uint8Array(width * 4);
  let pos = start;
  for (let y = 0; y < height; y++) {
    pos = readScanline(buf, pos, row, width);
    const outY = bottomUp ? height - 1 - y : y;
    for (let x = 0; x < width; x++) {
      const e = row[x * 4 + 3]!;
      // m · 2^(e − 136), as Ward's rgbe.c and ImageMagick read it.
      const f = e === 0 ? 0 : Math.pow(2, e - 136);
      const o = (outY * width + (rightToLeft ? width - 1 - x : x)) * 3;
      for (let c = 0; c < 3; c++) linear[o + c] = e === 0 ? 0 : row[x * 4 + c]! * f;
    }
  }
  return { data: toneMapToSrgb(linear, width * height), width, height, channels: 3, format: 'hdr' };
}
