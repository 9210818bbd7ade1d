/**
 * Images a user dropped or pasted to search by example. A browser cannot hand
 * over a path, so the bytes are stored under `<dataDir>/queries/`, named by
 * their hash (the same image dropped twice is stored once), and searched by path.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { UploadedImage } from '../../../shared/types';

export const MAX_QUERY_IMAGE_BYTES = 32 * 1024 * 1024;

export class QueryImageError extends Error {}

export async function storeQueryImage(dataDir: string, name: string, base64: string): Promise<UploadedImage> {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length === 0) throw new QueryImageError(`${name} is empty`);
  if (bytes.length > MAX_QUERY_IMAGE_BYTES) throw new QueryImageError(`${name} is larger than 32 MB`);
  // Only the extension is kept from the name: it is a hint for the decoder, never a path.
  const ext = path
    .extname(name)
    .toLowerCase()
    .replace(/[^.a-z0-9]/g, '')
    .slice(0, 6);
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 32);
  const dir = path.join(dataDir, 'queries');
  const file = path.join(dir, `${hash}${ext}`);
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(file, bytes, { flag: 'w' });
  return { path: file, name: path.basename(name) };
}
