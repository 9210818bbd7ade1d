/**
 * A studio's library as bench:library sees it: projects holding kinds of work
 * (renders, textures, reference...) holding one folder per asset with a few
 * hundred images each. Every image is a valid 1x1 PNG of a few hundred bytes
 * (its colour and a comment make its bytes its own), so a million of them
 * take one small block each and nothing large is written. File i is a pure
 * function of i, modification time included, so the catalog can be filled
 * from the generator without reading the files back.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export const PER_FOLDER = 300;
const KINDS = ['renders', 'textures', 'reference', 'concept', 'turnarounds', 'sprites'];
const ASSETS_PER_KIND = 10;
/** Seconds: files are dated a second apart from here. */
const EPOCH_S = 1_600_000_000;

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(data, zlib.crc32(type)) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const IHDR = chunk('IHDR', Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]));
const IEND = chunk('IEND', Buffer.alloc(0));

/** Image `i`: one pixel of its own colour, and a comment whose length varies the file's size. */
export function tinyPng(i: number): Buffer {
  const pixel = Buffer.from([0, i & 0xff, (i >> 8) & 0xff, (i >> 16) & 0xff]);
  const comment = Buffer.from(`Comment\0atelier bench image ${i} ${'~'.repeat(i % 61)}`, 'latin1');
  return Buffer.concat([SIGNATURE, IHDR, chunk('tEXt', comment), chunk('IDAT', zlib.deflateSync(pixel)), IEND]);
}

/** The folder of image `i`, relative to the library. */
export function folderOf(i: number): string {
  const f = Math.floor(i / PER_FOLDER);
  const kind = KINDS[Math.floor(f / ASSETS_PER_KIND) % KINDS.length]!;
  const project = Math.floor(f / (ASSETS_PER_KIND * KINDS.length));
  return path.join(`project-${String(project).padStart(3, '0')}`, kind, `asset-${f}`);
}

export function relativePathOf(i: number): string {
  return path.join(folderOf(i), `asset-${Math.floor(i / PER_FOLDER)}_${String(i % PER_FOLDER).padStart(4, '0')}.png`);
}

/** The modification time file `i` is given, in whole milliseconds (as the scan keeps it). */
export function mtimeOf(i: number): number {
  return (EPOCH_S + i) * 1000;
}

/** Writes image `i` under `root` with its modification time. */
export function writeImage(root: string, i: number, made: Set<string>): { file: string; bytes: Buffer } {
  const file = path.join(root, relativePathOf(i));
  const dir = path.dirname(file);
  if (!made.has(dir)) {
    fs.mkdirSync(dir, { recursive: true });
    made.add(dir);
  }
  const bytes = tinyPng(i);
  fs.writeFileSync(file, bytes);
  const t = mtimeOf(i) / 1000;
  fs.utimesSync(file, t, t);
  return { file, bytes };
}
