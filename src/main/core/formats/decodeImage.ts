/**
 * The studio formats sharp does not read (or, for SVG and camera RAW, does not
 * read the way search needs): one entry point that turns such a file's bytes
 * into 8-bit pixels. Clip's preprocessing and the thumbnails both call it first
 * and fall back to sharp when it answers null.
 */
import { open as openFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { RAW_EXTENSIONS } from '../files/imageFiles';
import { decodeDds, isDds } from './dds';
import { type DecodedImage, FormatError } from './decodedImage';
import { MERGED_ZIP_SIGNATURE_BYTES, mergedPng, mergedZipFormat } from './mergedZip';
import { decodeOpenExr, isOpenExr } from './openExr';
import { decodePsd, isPsd } from './psd';
import { decodeRadianceHdr, isRadianceHdr } from './radianceHdr';
import { isRawContainer, largestPreview, rawOrientation } from './rawPreview';
import { decodeSvg, isSvg } from './svg';
import { decodeTga, isTga } from './tga';

export { type DecodedImage, FormatError } from './decodedImage';

/** How many leading bytes `looksLikeStudioImage` needs at most. */
export const STUDIO_SIGNATURE_BYTES = MERGED_ZIP_SIGNATURE_BYTES;

/** Whether a file's first bytes are those of a studio format decoded here (SVG is recognised as markup by the caller). */
export function looksLikeStudioImage(head: Uint8Array): boolean {
  return (
    isPsd(head) ||
    isDds(head) ||
    isOpenExr(head) ||
    isTga(head) ||
    isRadianceHdr(head) ||
    mergedZipFormat(head) !== null ||
    isRawContainer(head)
  );
}

export interface DecodeOptions {
  /** Decompression-bomb guard, checked on the header before any pixel is decoded. */
  maxPixels: number;
  /** The file's name, when known: camera RAW files are told from plain TIFF and ISO media by extension. */
  name?: string;
}

/** The clockwise turn for an EXIF orientation; cameras record only these (the mirrored ones never). */
const TURNS: Record<number, number> = { 3: 180, 6: 90, 8: 270 };

/**
 * Pixels of an embedded PNG or JPEG, upright by its own EXIF orientation, or
 * by `orientation` (the container's) when it has none.
 */
async function embedded(bytes: Buffer, format: string, maxPixels: number, orientation = 1): Promise<DecodedImage> {
  try {
    const image = sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error', ignoreIcc: true });
    const own = (await image.metadata()).orientation;
    const upright = own === undefined ? image.rotate(TURNS[orientation] ?? 0) : image.rotate();
    const { data, info } = await upright.raw().toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, channels: info.channels, format };
  } catch (err) {
    const msg = err instanceof Error ? err.message : '';
    if (/pixel limit/i.test(msg)) throw new FormatError(`image too large (embedded ${format} image)`, err);
    throw new FormatError(`corrupt or truncated ${format.toUpperCase()} file`, err);
  }
}

/**
 * The pixels of a studio-format image, or null when `buf` is not one (then
 * sharp reads it). Every failure is a FormatError with a one-line reason.
 */
export async function decodeStudioImage(buf: Buffer, { maxPixels, name }: DecodeOptions): Promise<DecodedImage | null> {
  if (isPsd(buf)) return decodePsd(buf, maxPixels);
  if (isRadianceHdr(buf)) return decodeRadianceHdr(buf, maxPixels);
  if (isDds(buf)) return decodeDds(buf, maxPixels);
  if (isOpenExr(buf)) return decodeOpenExr(buf, maxPixels);
  const zip = mergedZipFormat(buf);
  if (zip) return embedded(mergedPng(buf, zip), zip, maxPixels);
  if (isRawContainer(buf) || (name !== undefined && RAW_EXTENSIONS.has(path.extname(name).toLowerCase()))) {
    return embedded(await largestPreview(buf, maxPixels), 'raw', maxPixels, rawOrientation(buf));
  }
  if (isSvg(buf)) return decodeSvg(buf, maxPixels);
  if (isTga(buf)) return decodeTga(buf, maxPixels);
  return null;
}

/**
 * A file's pixels when it is of a studio format, else null without reading it
 * whole (sharp then reads it from disk as before).
 */
export async function decodeStudioFile(file: string, maxPixels: number): Promise<DecodedImage | null> {
  const handle = await openFile(file, 'r');
  try {
    const head = Buffer.alloc(Math.max(STUDIO_SIGNATURE_BYTES, 4096));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const start = head.subarray(0, bytesRead);
    const byName = RAW_EXTENSIONS.has(path.extname(file).toLowerCase());
    if (!byName && !looksLikeStudioImage(start) && !isSvg(start)) return null;
    return await decodeStudioImage(await handle.readFile(), { maxPixels, name: file });
  } finally {
    await handle.close();
  }
}
