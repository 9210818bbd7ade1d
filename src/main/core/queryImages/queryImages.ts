/**
 * Images a user dropped or pasted to search by example. A browser cannot hand
 * over a path, so the bytes are stored under `<dataDir>/queries/` and searched
 * by path. Only images are taken (told by their bytes, not their name), up to
 * MAX_UPLOAD_BYTES, and the stored name comes from the content alone
 * (`<hash>.<format>`): the given name is untrusted input and only ever shown.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { UploadedImage } from '../../../shared/types';
import { MAX_UPLOAD_BYTES, uploadTooLarge } from '../../../shared/uploads';
import { readImageInfo } from '../clip/preprocess';
import { videoExtensionOf } from '../files/videoFiles';

export class QueryImageError extends Error {}

/** The formats an upload may be, as readImageInfo names them, and the extension each is stored with. */
const STORED_AS: Record<string, string> = {
  jpeg: 'jpg',
  png: 'png',
  webp: 'webp',
  gif: 'gif',
  tiff: 'tif',
  avif: 'avif',
  heif: 'heif',
  bmp: 'bmp',
  jp2k: 'jp2',
  jxl: 'jxl',
};

export function queriesDir(dataDir: string): string {
  return path.join(dataDir, 'queries');
}

/** A name fit to show in a message or a list: the last part of what was given, no control characters. */
export function displayName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const shown = [...base]
    .map((c) => (c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127 ? '_' : c))
    .join('')
    .trim()
    .slice(-120);
  return shown || 'image';
}

/** The extension the bytes are stored under, or a QueryImageError when they are not an image Atelier reads. */
async function imageExtension(bytes: Buffer, name: string): Promise<string> {
  // A video is searched by its frames (SearchService.imageVector).
  const video = videoExtensionOf(bytes.subarray(0, 64));
  if (video) return video;
  let format: string;
  try {
    format = (await readImageInfo(bytes)).format;
  } catch {
    throw new QueryImageError(`Not an image: ${name}`);
  }
  // sharp also reads SVG, PDF and the like: not images the library indexes.
  const ext = STORED_AS[format];
  if (!ext) throw new QueryImageError(`Not an image: ${name} (${format} is not taken)`);
  return ext;
}

/** Checks and stores one upload; the same image uploaded twice is one file. */
export async function storeQueryImage(dataDir: string, name: string, base64: string): Promise<UploadedImage> {
  const shown = displayName(name);
  // Decoded size from the length, before decoding: a huge string is refused without a copy of it.
  const size = Math.floor((base64.replace(/=+$/, '').length * 3) / 4);
  if (size > MAX_UPLOAD_BYTES) throw new QueryImageError(uploadTooLarge(shown, size));
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length === 0) throw new QueryImageError(`Not an image: ${shown} (empty)`);
  if (bytes.length > MAX_UPLOAD_BYTES) throw new QueryImageError(uploadTooLarge(shown, bytes.length));
  const ext = await imageExtension(bytes, shown);
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 32);
  const dir = queriesDir(dataDir);
  const file = path.join(dir, `${hash}.${ext}`);
  await fs.mkdir(dir, { recursive: true });
  // Written aside and renamed: another process searching by this path never reads half a file.
  const tmp = path.join(dir, `.${hash}.${randomBytes(4).toString('hex')}.tmp`);
  await fs.writeFile(tmp, bytes);
  await fs.rename(tmp, file);
  return { path: file, name: shown };
}
