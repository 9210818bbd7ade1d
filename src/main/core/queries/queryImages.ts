/**
 * Images a user dropped or pasted to search by example. A browser cannot hand
 * over a path, so the bytes are stored under `<dataDir>/queries/<hash>/<name>`
 * (the same image dropped twice is stored once), and searched by path.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { UploadedImage } from '../../../shared/types';

export const MAX_QUERY_IMAGE_BYTES = 32 * 1024 * 1024;

export class QueryImageError extends Error {}

/** A name that is one file name on every OS: no separators, reserved or control characters, not too long. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = [...base]
    .map((c) => (c.charCodeAt(0) < 32 || '<>:"|?*'.includes(c) ? '_' : c))
    .join('')
    .replace(/[. ]+$/, '')
    .slice(-120);
  return cleaned && cleaned !== '.' && cleaned !== '..' ? cleaned : 'image';
}

export async function storeQueryImage(dataDir: string, name: string, base64: string): Promise<UploadedImage> {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length === 0) throw new QueryImageError(`${name} is empty`);
  if (bytes.length > MAX_QUERY_IMAGE_BYTES) throw new QueryImageError(`${name} is larger than 32 MB`);
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 32);
  // The name is kept so the image shows as what the user dropped (a reference tray lists it),
  // but only as a file name, never a path: a folder per content keeps two same-named drops apart.
  const file = path.join(dataDir, 'queries', hash, safeFileName(name));
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, bytes, { flag: 'w' });
  return { path: file, name: path.basename(file) };
}
