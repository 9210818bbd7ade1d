/**
 * The soak test's images: 32 x 32 PNGs of three horizontal bands in three of
 * the `color` model's twelve named colours. Image i is a pure function of i,
 * and no two images below 102,300 share both colours and band heights, so no
 * two have the same colour histogram: searching by one image finds it first,
 * with a score of 1, above every other (the `color` model embeds an image as
 * its colour histogram). The files are cached, so later runs reuse them.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

const SIZE = 32;

/** The `color` model's named colours (../shared/clip/models/color/colors.json), as 0-255 sRGB. */
const PALETTE: ReadonlyArray<readonly [number, number, number]> = [
  [0.85, 0.1, 0.1],
  [1.0, 0.55, 0.0],
  [0.95, 0.9, 0.1],
  [0.1, 0.65, 0.15],
  [0.0, 0.5, 0.5],
  [0.1, 0.2, 0.85],
  [0.5, 0.15, 0.65],
  [1.0, 0.6, 0.75],
  [0.45, 0.28, 0.12],
  [0.97, 0.97, 0.97],
  [0.03, 0.03, 0.03],
  [0.5, 0.5, 0.5],
].map((c) => c.map((v) => Math.round(v * 255)) as unknown as readonly [number, number, number]);

/** Every set of three colours, and every split of 32 rows into three non-empty bands. */
const TRIPLES: Array<[number, number, number]> = [];
for (let a = 0; a < PALETTE.length; a++)
  for (let b = a + 1; b < PALETTE.length; b++) for (let c = b + 1; c < PALETTE.length; c++) TRIPLES.push([a, b, c]);
const SPLITS: Array<[number, number]> = [];
for (let h1 = 1; h1 < SIZE - 1; h1++) for (let h2 = 1; h1 + h2 < SIZE; h2++) SPLITS.push([h1, h2]);
const COMBOS = TRIPLES.length * SPLITS.length;
/** Coprime with COMBOS, so i -> i * STRIDE mod COMBOS is one-to-one and neighbours differ a lot. */
const STRIDE = 7919;

/** How many distinct images there are. */
export const SOAK_IMAGE_LIMIT = COMBOS;

function pixels(i: number): Buffer {
  const combo = (i * STRIDE) % COMBOS;
  const [a, b, c] = TRIPLES[combo % TRIPLES.length]!;
  const [h1, h2] = SPLITS[Math.floor(combo / TRIPLES.length)]!;
  const out = Buffer.alloc(SIZE * SIZE * 3);
  for (let y = 0; y < SIZE; y++) {
    const rgb = PALETTE[y < h1 ? a : y < h1 + h2 ? b : c]!;
    for (let x = 0; x < SIZE; x++) out.set(rgb, (y * SIZE + x) * 3);
  }
  return out;
}

/** The path of image i in `dir`, made on first use (written aside, then renamed: never half a file). */
export async function soakImage(dir: string, i: number): Promise<string> {
  if (i < 0 || i >= COMBOS) throw new Error(`soak images are numbered 0 to ${COMBOS - 1}, not ${i}`);
  const file = path.join(dir, `${String(i).padStart(6, '0')}.png`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.part`;
  await sharp(pixels(i), { raw: { width: SIZE, height: SIZE, channels: 3 } })
    .png()
    .toFile(tmp);
  fs.renameSync(tmp, file);
  return file;
}

/** Images 0..count-1 in `dir`, made where missing. */
export async function soakImages(dir: string, count: number): Promise<string[]> {
  const files: string[] = [];
  for (let i = 0; i < count; i++) files.push(await soakImage(dir, i));
  return files;
}
