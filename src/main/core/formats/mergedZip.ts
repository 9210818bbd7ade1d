/**
 * Krita (.kra) and OpenRaster (.ora): zip files whose first entry, `mimetype`,
 * is stored uncompressed (so its text sits at a fixed offset), and which carry
 * the flattened painting as `mergedimage.png`. Only that entry is inflated,
 * through fflate, and only when its declared size is plausible.
 */
import { unzipSync } from 'fflate';
import { FormatError } from './decodedImage';

const MERGED = 'mergedimage.png';
/** A PNG larger than this inside a painting is a zip bomb, not a painting. */
const MAX_MERGED_BYTES = 512 * 1024 * 1024;

const KINDS = [
  { mime: 'image/openraster', format: 'ora' },
  { mime: 'application/x-krita', format: 'kra' },
] as const;

/** Bytes needed to tell: the local header (30), "mimetype" (8) and the longest type. */
export const MERGED_ZIP_SIGNATURE_BYTES = 38 + 'application/x-krita'.length;

/** 'ora' or 'kra' when the zip's first entry names that type, else null. */
export function mergedZipFormat(head: Uint8Array): 'ora' | 'kra' | null {
  const b = Buffer.from(head.buffer, head.byteOffset, head.length);
  if (b.length < MERGED_ZIP_SIGNATURE_BYTES - 3 || b.readUInt32LE(0) !== 0x04034b50) return null;
  if (b.toString('latin1', 30, 38) !== 'mimetype') return null;
  return KINDS.find((k) => b.toString('latin1', 38, 38 + k.mime.length) === k.mime)?.format ?? null;
}

/** The merged image's PNG bytes. */
export function mergedPng(buf: Buffer, format: 'ora' | 'kra'): Buffer {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(buf, { filter: (f) => f.name === MERGED && f.originalSize <= MAX_MERGED_BYTES });
  } catch (err) {
    throw new FormatError(`corrupt or truncated ${format.toUpperCase()} file`, err);
  }
  const png = files[MERGED];
  if (!png) throw new FormatError(`${format.toUpperCase()} file has no merged image (${MERGED})`);
  return Buffer.from(png.buffer, png.byteOffset, png.length);
}
