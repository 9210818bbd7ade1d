/**
 * A file's identity by content: its size and a SHA-256 of its bytes. Two paths
 * with the same key hold the same image, so a renamed or copied file reuses its
 * vector. Streaming keeps memory flat for large files.
 */
import { createHash } from 'node:crypto';
import fs, { createReadStream } from 'node:fs';

/**
 * Files up to this size are read in one synchronous call into a buffer kept for it: a stream (its
 * objects, and a turn of the event loop per step) costs far more than reading a small file, and a
 * re-index of a large library may hash tens of thousands of them.
 */
const SMALL = 256 * 1024;
const smallBuffer = Buffer.alloc(SMALL + 1);

/** The bytes of a file of at most SMALL bytes, or null where it holds more (it grew since its size was read). */
function readSmall(file: string): Buffer | null {
  const fd = fs.openSync(file, 'r');
  try {
    let length = 0;
    for (;;) {
      const n = fs.readSync(fd, smallBuffer, length, smallBuffer.length - length, null);
      if (n === 0) return smallBuffer.subarray(0, length);
      length += n;
      if (length > SMALL) return null;
    }
  } finally {
    fs.closeSync(fd);
  }
}

export async function contentKey(file: string, size: number): Promise<string> {
  const small = size <= SMALL ? readSmall(file) : null;
  if (small) return `${size}-${createHash('sha256').update(small).digest('hex').slice(0, 40)}`;
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
