/** Test images made on the fly: solid colours, and files that only pretend to be images. */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

export async function solid(file: string, rgb: [number, number, number], size = 96): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const img = sharp({
    create: { width: size, height: size, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } },
  });
  const ext = path.extname(file).toLowerCase();
  const out = ext === '.jpg' || ext === '.jpeg' ? img.jpeg() : ext === '.webp' ? img.webp() : img.png();
  await out.toFile(file);
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/** A small valid PNG whose header claims width × height: a decompression bomb's calling card. */
export async function bombPng(file: string, width = 60000, height = 60000): Promise<void> {
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } })
    .png()
    .toBuffer();
  // IHDR data starts at byte 16 (8 signature + 4 length + 4 type); its CRC covers type + data.
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  fs.writeFileSync(file, png);
}
