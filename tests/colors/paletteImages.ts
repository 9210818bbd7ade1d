/** Test images for colour search, made with ImageMagick: flat colours, splits, a colour on transparency. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

function magick(args: string[]): void {
  execFileSync('convert', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A flat image of one colour. */
export function flat(file: string, hex: string, size = 96): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  magick(['-size', `${size}x${size}`, `xc:${hex}`, file]);
  return file;
}

/** Left `share` of the width in `left`, the rest in `right`. */
export function split(file: string, left: string, right: string, share: number, width = 100, height = 60): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const cut = Math.round(width * share);
  magick([
    '-size',
    `${width}x${height}`,
    `xc:${right}`,
    '-fill',
    left,
    '-draw',
    `rectangle 0,0 ${cut - 1},${height - 1}`,
    file,
  ]);
  return file;
}

/** A PNG that is transparent but for a square of `hex` in its middle. */
export function onTransparency(file: string, hex: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  magick(['-size', '80x80', 'xc:none', '-fill', hex, '-draw', 'rectangle 20,20 59,59', `PNG32:${file}`]);
  return file;
}
