/**
 * A file's identity by content: its size and a SHA-256 of its bytes. Two paths
 * with the same key hold the same image, so a renamed or copied file reuses its
 * vector. Streaming keeps memory flat for large files.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export async function contentKey(file: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return `${size}-${hash.digest('hex').slice(0, 40)}`;
}

/** The same key for bytes already in memory (an image just generated). */
export function contentKeyOfBytes(bytes: Uint8Array): string {
  return `${bytes.length}-${createHash('sha256').update(bytes).digest('hex').slice(0, 40)}`;
}

/** The size a key was made from (NaN for a key of another form, which then matches no file). */
export function sizeOfKey(key: string): number {
  const dash = key.indexOf('-');
  return dash > 0 ? Number(key.slice(0, dash)) : NaN;
}
