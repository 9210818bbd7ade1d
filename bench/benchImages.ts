/**
 * A deterministic photo library for `bench:index`: JPEG and PNG files from
 * thumbnails to 12-megapixel camera photos, made of smooth gradients, soft
 * blobs and mild grain so that they compress like photographs (a few bits
 * per pixel) rather than like pure noise. Image i is a pure function of i, and
 * the files are cached: later runs reuse them.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { rng } from './dataset';

interface Shape {
  width: number;
  height: number;
  format: 'jpeg' | 'png';
}

/**
 * One cycle of the mix: camera photos are JPEG (up to 4032x3024, 12.2 MP);
 * renders, screenshots and thumbnails are PNG (up to 1920x1080) or small JPEGs.
 */
export const MIX: readonly Shape[] = [
  { width: 4032, height: 3024, format: 'jpeg' },
  { width: 1024, height: 768, format: 'png' },
  { width: 3000, height: 2000, format: 'jpeg' },
  { width: 160, height: 120, format: 'png' },
  { width: 1920, height: 1080, format: 'jpeg' },
  { width: 1080, height: 1920, format: 'png' },
  { width: 3024, height: 4032, format: 'jpeg' },
  { width: 640, height: 480, format: 'jpeg' },
  { width: 1920, height: 1080, format: 'png' },
  { width: 1280, height: 1280, format: 'jpeg' },
];

/** Raw RGB pixels of image i. */
function pixels(i: number, { width, height }: Shape): Buffer {
  const next = rng(0xa7e11e5 + i * 7919);
  const base = [0, 1, 2].map(() => 40 + next() * 150);
  const slope = [0, 1, 2].map(() => [(next() - 0.5) * 120, (next() - 0.5) * 120]);
  const blobs = Array.from({ length: 4 }, () => ({
    x: next() * width,
    y: next() * height,
    r2: (0.02 + next() * 0.08) * width * height,
    rgb: [0, 1, 2].map(() => (next() - 0.5) * 160),
  }));
  const out = Buffer.allocUnsafe(width * height * 3);
  let noise = (next() * 0xffffffff) >>> 0;
  for (let y = 0; y < height; y++) {
    const fy = y / height;
    for (let x = 0; x < width; x++) {
      const fx = x / width;
      let weight0 = 0;
      let weight1 = 0;
      let weight2 = 0;
      for (const b of blobs) {
        const dx = x - b.x;
        const dy = y - b.y;
        const w = Math.exp(-(dx * dx + dy * dy) / b.r2);
        weight0 += w * b.rgb[0]!;
        weight1 += w * b.rgb[1]!;
        weight2 += w * b.rgb[2]!;
      }
      // xorshift grain, +-6 levels: enough to keep JPEG honest, cheap to make.
      noise ^= noise << 13;
      noise ^= noise >>> 17;
      noise ^= noise << 5;
      const grain = ((noise >>> 0) % 13) - 6;
      const p = (y * width + x) * 3;
      out[p] = base[0]! + slope[0]![0]! * fx + slope[0]![1]! * fy + weight0 + grain;
      out[p + 1] = base[1]! + slope[1]![0]! * fx + slope[1]![1]! * fy + weight1 + grain;
      out[p + 2] = base[2]! + slope[2]![0]! * fx + slope[2]![1]! * fy + weight2 + grain;
    }
  }
  return out;
}

/** The path of image i in `dir`, made on first use. */
async function ensureImage(dir: string, i: number): Promise<{ file: string; made: boolean }> {
  const shape = MIX[i % MIX.length]!;
  const file = path.join(dir, `img-${String(i).padStart(6, '0')}-${shape.width}x${shape.height}.${shape.format}`);
  if (fs.existsSync(file)) return { file, made: false };
  const raw = sharp(pixels(i, shape), { raw: { width: shape.width, height: shape.height, channels: 3 } });
  const encoded = shape.format === 'jpeg' ? raw.jpeg({ quality: 90 }) : raw.png({ compressionLevel: 6 });
  const tmp = `${file}.part`;
  await encoded.toFile(tmp);
  fs.renameSync(tmp, file);
  return { file, made: true };
}

/** Makes (or reuses) images 0..count-1 in `dir`; returns their paths and total bytes. */
export async function benchImages(
  dir: string,
  count: number,
  log: (line: string) => void,
): Promise<{ files: string[]; bytes: number; megapixels: number }> {
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  let made = 0;
  for (let i = 0; i < count; i++) {
    const { file, made: fresh } = await ensureImage(dir, i);
    files.push(file);
    if (fresh && ++made % 20 === 0) log(`made ${made} images...`);
  }
  const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
  const megapixels = files.reduce(
    (n, _f, i) => n + (MIX[i % MIX.length]!.width * MIX[i % MIX.length]!.height) / 1e6,
    0,
  );
  return { files, bytes, megapixels };
}
