/** Which files the indexer looks at: by extension, so a folder's other files cost nothing. */
import path from 'node:path';

const IMAGE_EXTENSIONS = new Set([
  '.jpg',
  '.jpeg',
  '.jpe',
  '.jfif',
  '.png',
  '.apng',
  '.webp',
  '.gif',
  '.tif',
  '.tiff',
  '.avif',
  '.heic',
  '.heif',
  '.bmp',
  '.dib',
  '.jxl',
  '.jp2',
  '.j2k',
]);

export function isImagePath(file: string): boolean {
  return IMAGE_EXTENSIONS.has(path.extname(file).toLowerCase());
}
