/**
 * CLIP image preprocessing with sharp, matching openai/CLIP's _transform
 * (Pillow BICUBIC resize of the short side, centre crop, RGB, normalise) to a
 * mean absolute difference well under 0.01, and robust decoding of whatever a
 * user's folders hold. Every failure is an ImageDecodeError with a short reason.
 */
import { open as openFile } from 'node:fs/promises';
import sharp from 'sharp';
import { decodeStudioImage, FormatError } from '../formats/decodeImage';
import { BmpError, decodeBmp, isBmp, readBmpHeader, tooLargeReason } from './bmp';
import { looksLikeImage, SIGNATURE_BYTES } from './imageSignature';
import { CLIP_MEAN, CLIP_STD } from './modelConfig';
import { type PillowFilter, pillowResizeCrop } from './pillowResize';

export interface PreprocessOptions {
  size?: number;
  /** `shortest` (default): short side to `size`, then a centre crop; `squash`: both sides to `size`. */
  resize?: 'shortest' | 'squash';
  /** Pillow's filter to match; default bicubic. */
  interpolation?: PillowFilter;
  /** Rounding of the centre crop's offset: half to even as torchvision (default), or the floor. */
  crop?: 'round' | 'floor';
  mean?: readonly number[];
  std?: readonly number[];
  /** Decompression-bomb guard, checked on the header before any pixel is decoded. */
  maxPixels?: number;
  /** The file's name when `input` is its bytes: camera RAW files are told from plain TIFF by extension. */
  name?: string;
}

export interface ImageInfo {
  /** Displayed size, after EXIF orientation. */
  width: number;
  height: number;
  /** sharp's format name (jpeg, png, webp, gif, tiff, avif, heif, bmp...) or a studio format's (psd, tga, hdr, svg, kra, ora, raw). */
  format: string;
}

export interface PreprocessedImage extends ImageInfo {
  /** [3, size, size], channel-major. */
  tensor: Float32Array;
}

export class ImageDecodeError extends Error {
  readonly reason: string;
  constructor(reason: string, cause?: unknown) {
    super(reason, cause === undefined ? undefined : { cause });
    this.name = 'ImageDecodeError';
    this.reason = reason;
  }
}

const DEFAULT_MAX_PIXELS = 100_000_000;
const NOT_IMAGE = 'not an image (unrecognised format)';
const NO_SIGNATURE = 'not an image (its first bytes match no image format)';
const CORRUPT = 'corrupt or truncated image';

/**
 * failOn 'error' rejects truncated or undecodable data (a half-grey JPEG would
 * poison the index) yet tolerates libjpeg's benign warnings such as extraneous
 * bytes. ignoreIcc: the reference (Pillow, as CLIP was trained) never
 * colour-manages, and honouring rocket.jpg's profile moves it by MAD 0.08.
 * pages 1: animated GIF/WebP and multi-page TIFF give their first frame.
 */
function loadOptions(maxPixels: number): sharp.SharpOptions {
  return { failOn: 'error', limitInputPixels: maxPixels, sequentialRead: true, ignoreIcc: true, pages: 1 };
}

/** Why a file cannot be read, as an ImageDecodeError. */
function readError(err: unknown): ImageDecodeError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new ImageDecodeError('file not found', err);
  if (code === 'EACCES' || code === 'EPERM') return new ImageDecodeError('unreadable: permission denied', err);
  if (code === 'EISDIR') return new ImageDecodeError(NOT_IMAGE, err);
  if (code === 'ERR_FS_FILE_TOO_LARGE') return new ImageDecodeError('unreadable: file too large', err);
  return new ImageDecodeError('unreadable: I/O error', err);
}

/**
 * A file's whole bytes, once its first bytes show an image format; reading a
 * large file that is no image would cost its whole size in memory first.
 */
async function readImageFile(file: string): Promise<Buffer> {
  let handle;
  try {
    handle = await openFile(file, 'r');
  } catch (err) {
    throw readError(err);
  }
  try {
    const head = Buffer.alloc(SIGNATURE_BYTES);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (bytesRead === 0) throw new ImageDecodeError('empty file');
    if (!looksLikeImage(head.subarray(0, bytesRead))) throw new ImageDecodeError(NO_SIGNATURE);
    return await handle.readFile();
  } catch (err) {
    throw err instanceof ImageDecodeError ? err : readError(err);
  } finally {
    await handle.close();
  }
}

/** A file's bytes (or the buffer given), or an ImageDecodeError saying why they cannot be used. */
export async function readImageBytes(input: string | Buffer): Promise<Buffer> {
  const buf = typeof input === 'string' ? await readImageFile(input) : input;
  if (buf.length === 0) throw new ImageDecodeError('empty file');
  if (!looksLikeImage(buf.subarray(0, SIGNATURE_BYTES))) throw new ImageDecodeError(NO_SIGNATURE);
  return buf;
}

/** Maps libvips/sharp and BMP failures to user-readable reasons; the original stays as `cause`. */
function decodeError(err: unknown, format?: string): ImageDecodeError {
  if (err instanceof ImageDecodeError) return err;
  if (err instanceof BmpError || err instanceof FormatError) return new ImageDecodeError(err.reason, err);
  const msg = err instanceof Error ? err.message : String(err);
  if (/unsupported image format/i.test(msg)) return new ImageDecodeError(NOT_IMAGE, err);
  if (/pixel limit/i.test(msg)) return new ImageDecodeError('image too large', err);
  // e.g. an HEVC-coded HEIC: the container is recognised but prebuilt libvips has no codec.
  if (/unsupported (codec|feature)|compression format has not been built in/i.test(msg)) {
    return new ImageDecodeError(`unsupported image encoding (${format ?? 'unknown'})`, err);
  }
  return new ImageDecodeError(CORRUPT, err);
}

/** An opened image: header facts plus a factory for an upright, 8-bit pipeline. */
interface Opened extends ImageInfo {
  pipeline: () => sharp.Sharp;
}

function fromRaw(data: Buffer, width: number, height: number, channels: 1 | 2 | 3 | 4, maxPixels: number) {
  return () => sharp(data, { raw: { width, height, channels }, limitInputPixels: maxPixels });
}

async function open(buf: Buffer, maxPixels: number, decode: boolean, name?: string): Promise<Opened> {
  // Studio formats decode whole even for their size: few keep it in a header sharp could read.
  const studio = await decodeStudioImage(buf, { maxPixels, name });
  if (studio) {
    const { data, width, height, channels, format } = studio;
    return { width, height, format, pipeline: fromRaw(data, width, height, channels, maxPixels) };
  }
  if (isBmp(buf)) {
    const h = readBmpHeader(buf);
    if (h.width * h.height > maxPixels) throw new ImageDecodeError(tooLargeReason(h.width, h.height, maxPixels));
    const info = { width: h.width, height: h.height, format: 'bmp' };
    if (!decode) return { ...info, pipeline: () => sharp() };
    const px = decodeBmp(buf, maxPixels);
    return { ...info, pipeline: fromRaw(px.data, px.width, px.height, px.channels, maxPixels) };
  }
  const opts = loadOptions(maxPixels);
  // Header only, no pixels; unlimited here so that we can name the size we refuse.
  const meta = await sharp(buf, { ...opts, limitInputPixels: false }).metadata();
  const w = meta.width ?? 0;
  const h = meta.pageHeight ?? meta.height ?? 0;
  if (w * h > maxPixels) throw new ImageDecodeError(tooLargeReason(w, h, maxPixels));
  const rotated = (meta.orientation ?? 1) >= 5;
  const format = meta.format === 'heif' && meta.compression === 'av1' ? 'avif' : meta.format;
  const info = { width: rotated ? h : w, height: rotated ? w : h, format };
  const upright = () => sharp(buf, opts).rotate();
  if (!decode || meta.depth !== 'ushort' || (meta.space !== 'grey16' && meta.space !== 'rgb16')) {
    return { ...info, pipeline: upright };
  }
  // 16-bit: keep the high byte, as libvips and Pillow's RGB;16 unpacker do (never
  // clip to white as Pillow's I;16 -> L does). But files like chessboard_GRAY_U16.tif
  // hold 8-bit values in a 16-bit container and would come out black, so decode
  // once at 16 bits and, if no colour sample exceeds 255, take the values as they are.
  const { data, info: ri } = await upright()
    .toColourspace(meta.space)
    .raw({ depth: 'ushort' })
    .toBuffer({ resolveWithObject: true });
  const s = new Uint16Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.length));
  const c = ri.channels;
  const colours = meta.hasAlpha ? c - 1 : c;
  let max = 0;
  let alphaMax = 0;
  for (let i = 0; i < s.length; i++) {
    if (i % c < colours) max = Math.max(max, s[i]!);
    else alphaMax = Math.max(alphaMax, s[i]!);
  }
  const out = Buffer.allocUnsafe(s.length);
  const shift = max <= 255 ? 0 : 8;
  const alphaShift = alphaMax <= 255 ? 0 : 8;
  for (let i = 0; i < s.length; i++) out[i] = s[i]! >> (i % c < colours ? shift : alphaShift);
  return { ...info, pipeline: fromRaw(out, ri.width, ri.height, c, maxPixels) };
}

/** Width, height (after EXIF orientation) and format, from the header alone. */
export async function readImageInfo(input: string | Buffer): Promise<ImageInfo> {
  const buf = await readImageBytes(input);
  try {
    const name = typeof input === 'string' ? input : undefined;
    const { width, height, format } = await open(buf, Number.MAX_SAFE_INTEGER, false, name);
    return { width, height, format };
  } catch (err) {
    throw decodeError(err);
  }
}

/** Python's round(): halves go to the even neighbour (55.5 -> 56, 56.5 -> 56). */
function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  return d < 0.5 ? f : d > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
}

const lutCache = new Map<string, Float32Array>();
/** (v/255 - mean) / std for every byte value of each channel: the hot loop is then three lookups. */
function normLut(mean: readonly number[], std: readonly number[]): Float32Array {
  const key = `${mean.join()}|${std.join()}`;
  let lut = lutCache.get(key);
  if (!lut) {
    lut = new Float32Array(768);
    for (let c = 0; c < 3; c++) for (let v = 0; v < 256; v++) lut[c * 256 + v] = (v / 255 - mean[c]!) / std[c]!;
    lutCache.set(key, lut);
  }
  return lut;
}

/**
 * Downscaling stays in libvips. Kernel choice, measured against Pillow on the
 * reference cases and on large detailed images: 'cubic' (Catmull-Rom, a = -0.5,
 * support widened when shrinking) is Pillow's BICUBIC; lanczos2 is a close
 * second, lanczos3 and mitchell sit 3-5x further off. libvips box-shrinks first
 * once a factor reaches 4, which drifts past 0.01 on fine detail, so larger
 * reductions go via an intermediate a few times the target; the final step
 * never uses shrink-on-load (fastShrinkOnLoad: false).
 *
 * For a JPEG the first step decodes at a reduced DCT scale, so its size sets
 * how much of the photo is decoded at all: at 2x the target a 12 MP photo
 * decodes at 1/4 scale, at 3.5x at 1/2. Decoding is what indexing spends its
 * CPU on beside the model (bench:index, 2 cores: 2x cut decoding CPU by about
 * 15% and raised images/s by 10-20%), and the cost in parity is small
 * (retina.jpg, 1411 px of fine texture: MAD 0.0019 -> 0.0070, limit 0.01;
 * the bench's photos: worst 0.0077). Other formats decode in full whatever the
 * step, and keep 3.5x, which stays under 0.01 even on a column pattern (2x
 * does not: 0.0118).
 */
const RESIZE = { fit: 'fill', fastShrinkOnLoad: false } as const;
const KERNELS = { bicubic: 'cubic', bilinear: 'linear' } as const;

type Geometry = Required<Pick<PreprocessOptions, 'size' | 'resize' | 'interpolation' | 'crop'>>;

/** The resized size and the crop window's offset, as the reference computes them. */
function resizePlan(w: number, h: number, g: Geometry) {
  const { size } = g;
  if (g.resize === 'squash') return { rw: size, rh: size, left: 0, top: 0 };
  // torchvision Resize(size): short side to size, long side floored; then CenterCrop.
  const short = Math.min(w, h);
  const rw = w <= h ? size : Math.floor((size * w) / short);
  const rh = w <= h ? Math.floor((size * h) / short) : size;
  const offset = g.crop === 'round' ? roundHalfEven : Math.floor;
  return { rw, rh, left: offset((rw - size) / 2), top: offset((rh - size) / 2) };
}
const BOX_SHRINK_FACTOR = 4;
const INTERMEDIATE = { jpeg: 2, other: 3.5 } as const;

/** The size x size centre crop (or squash) as packed 8-bit RGB (or grey) and its channel count. */
async function resizeCrop(img: Opened, g: Geometry, maxPixels: number): Promise<{ px: Buffer; channels: number }> {
  const { width: w, height: h } = img;
  const { size } = g;
  const { rw, rh, left, top } = resizePlan(w, h, g);
  let pipe = img.pipeline().flatten({ background: '#ffffff' }).toColourspace('srgb');
  if (rw > w || rh > h) {
    const src = await pipe.raw().toBuffer({ resolveWithObject: true });
    if (src.info.channels !== 3) throw new Error(`unexpected ${src.info.channels} channels`);
    return { px: pillowResizeCrop(src.data, w, h, rw, rh, left, top, size, g.interpolation), channels: 3 };
  }
  const resize = { ...RESIZE, kernel: KERNELS[g.interpolation] };
  if (Math.max(w / rw, h / rh) >= BOX_SHRINK_FACTOR) {
    const factor = img.format === 'jpeg' ? INTERMEDIATE.jpeg : INTERMEDIATE.other;
    const mw = Math.min(w, Math.round(rw * factor));
    const mh = Math.min(h, Math.round(rh * factor));
    const mid = await pipe
      .resize(mw, mh, { ...resize, fastShrinkOnLoad: true })
      .raw()
      .toBuffer({ resolveWithObject: true });
    pipe = fromRaw(mid.data, mid.info.width, mid.info.height, 3, maxPixels)();
  }
  const out = await pipe
    .resize(rw, rh, resize)
    .extract({ left, top, width: size, height: size })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { px: out.data, channels: out.info.channels };
}

export async function preprocessImage(
  input: string | Buffer,
  options: PreprocessOptions = {},
): Promise<PreprocessedImage> {
  const { size = 224, mean = CLIP_MEAN, std = CLIP_STD, maxPixels = DEFAULT_MAX_PIXELS } = options;
  const geometry: Geometry = {
    size,
    resize: options.resize ?? 'shortest',
    interpolation: options.interpolation ?? 'bicubic',
    crop: options.crop ?? 'round',
  };
  const name = options.name ?? (typeof input === 'string' ? input : undefined);
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`invalid size ${size}`);
  if (mean.length !== 3 || std.length !== 3) throw new RangeError('mean and std need 3 values');
  const buf = await readImageBytes(input);
  let img: Opened | undefined;
  let crop: { px: Buffer; channels: number };
  try {
    img = await open(buf, maxPixels, true, name);
    crop = await resizeCrop(img, geometry, maxPixels);
  } catch (err) {
    throw decodeError(err, img?.format);
  }
  const { px, channels } = crop;
  const n = size * size;
  if (px.length < n * channels) throw new ImageDecodeError(CORRUPT);
  const lut = normLut(mean, std);
  const tensor = new Float32Array(3 * n);
  const g = channels >= 3 ? 1 : 0;
  const b = channels >= 3 ? 2 : 0;
  for (let i = 0, p = 0; i < n; i++, p += channels) {
    tensor[i] = lut[px[p]!]!;
    tensor[n + i] = lut[256 + px[p + g]!]!;
    tensor[2 * n + i] = lut[512 + px[p + b]!]!;
  }
  return { tensor, width: img.width, height: img.height, format: img.format };
}
