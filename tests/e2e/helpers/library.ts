/** The e2e library: photos from ../shared/images, solid colours, and two files the indexer must skip. */
import fs from 'node:fs';
import path from 'node:path';
import { solid } from '../../helpers/images';
import { IMAGES } from '../../helpers/paths';

const PHOTOS = ['astronaut.png', 'chelsea.png', 'coffee.png', 'rocket.jpg', 'horse.png', 'brick.png', 'grass.png'];

const COLOURS: Array<[string, [number, number, number]]> = [
  ['red.png', [220, 25, 25]],
  ['green.jpg', [25, 170, 40]],
  ['blue.webp', [25, 50, 220]],
  ['yellow.png', [245, 230, 25]],
  ['orange.png', [245, 140, 20]],
  ['purple.png', [120, 40, 160]],
  ['teal.png', [20, 150, 150]],
  ['pink.png', [240, 120, 180]],
];

export async function makeLibrary(dir: string): Promise<void> {
  fs.mkdirSync(path.join(dir, 'photos'), { recursive: true });
  for (const p of PHOTOS) fs.copyFileSync(path.join(IMAGES, p), path.join(dir, 'photos', p));
  for (const [name, rgb] of COLOURS) await solid(path.join(dir, 'colours', name), rgb, 160);
  // Shades, so the grid has more than a screenful.
  for (let i = 0; i < 24; i++) {
    const t = i / 23;
    await solid(path.join(dir, 'shades', `shade-${String(i).padStart(2, '0')}.png`), [
      Math.round(40 + 200 * t),
      Math.round(90 + 60 * Math.sin(t * 3)),
      Math.round(220 - 180 * t),
    ]);
  }
  fs.copyFileSync(path.join(IMAGES, 'truncated.jpg'), path.join(dir, 'photos', 'truncated.jpg'));
  fs.writeFileSync(path.join(dir, 'photos', 'notes.jpg'), 'a text file with an image name\n');
}

export const INDEXABLE = PHOTOS.length + COLOURS.length + 24;
