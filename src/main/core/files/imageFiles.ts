/** Which files the indexer looks at: by extension, so a folder's other files cost nothing. */
import path from 'node:path';

/** Camera RAW files: their embedded previews are indexed (core/formats/rawPreview.ts). */
export const RAW_EXTENSIONS: ReadonlySet<string> = new Set([
  '.cr2',
  '.cr3',
  '.crw',
  '.nef',
  '.nrw',
  '.arw',
  '.srf',
  '.sr2',
  '.raf',
  '.orf',
  '.rw2',
  '.dng',
  '.pef',
  '.srw',
  '.3fr',
  '.iiq',
  '.erf',
  '.mrw',
  '.kdc',
  '.dcr',
  '.x3f',
]);

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
  // Studio formats, decoded by core/formats.
  '.psd',
  '.psb',
  '.dds',
  '.tga',
  '.icb',
  '.vda',
  '.vst',
  '.exr',
  '.hdr',
  '.pic',
  '.svg',
  '.kra',
  '.ora',
  ...RAW_EXTENSIONS,
]);

export function isImagePath(file: string): boolean {
  return IMAGE_EXTENSIONS.has(path.extname(file).toLowerCase());
}
