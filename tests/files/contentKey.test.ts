/**
 * A file's content key, read whole whatever its size: small files in one read,
 * larger ones streamed, and a file that grew after its size was read still
 * hashed whole. Checked against SHA-256 computed here over real files.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentKey } from '../../src/main/core/files/contentKey';

const expected = (size: number, bytes: Buffer) =>
  `${size}-${createHash('sha256').update(bytes).digest('hex').slice(0, 40)}`;

describe('content keys', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-key-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each([1, 4096, 256 * 1024, 256 * 1024 + 1, 3 * 1024 * 1024 + 7])(
    'keys a file of %i bytes by all of them',
    async (size) => {
      const bytes = randomBytes(size);
      const file = path.join(dir, `f-${size}.bin`);
      fs.writeFileSync(file, bytes);
      expect(await contentKey(file, size)).toBe(expected(size, bytes));
    },
  );

  it('reads a file that grew since its size was taken whole, past the small-file buffer', async () => {
    const bytes = randomBytes(300 * 1024);
    const file = path.join(dir, 'grown.bin');
    fs.writeFileSync(file, bytes);
    // The size a scan read before the file grew: the key keeps it, the hash covers every byte now there.
    expect(await contentKey(file, 1000)).toBe(expected(1000, bytes));
  });

  it('keys two small files in turn without mixing their bytes', async () => {
    const a = path.join(dir, 'a.bin');
    const b = path.join(dir, 'b.bin');
    fs.writeFileSync(a, Buffer.alloc(5000, 1));
    fs.writeFileSync(b, Buffer.alloc(100, 2));
    const [ka, kb] = await Promise.all([contentKey(a, 5000), contentKey(b, 100)]);
    expect(ka).toBe(expected(5000, Buffer.alloc(5000, 1)));
    expect(kb).toBe(expected(100, Buffer.alloc(100, 2)));
  });

  it('refuses a file that is gone with its reason', async () => {
    await expect(contentKey(path.join(dir, 'missing.png'), 10)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
