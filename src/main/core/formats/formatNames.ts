/**
 * The names a `--format` filter accepts for the format a file was indexed as:
 * a user types the extension they see (jpg, tif, psb, nef), the catalog stores
 * the decoder's name (jpeg, tiff, psd, raw).
 */
import { RAW_EXTENSIONS } from '../files/imageFiles';
import { VIDEO_FORMAT_NAMES } from '../files/videoFiles';

const ALIASES: Record<string, string> = {
  jpg: 'jpeg',
  jpe: 'jpeg',
  jfif: 'jpeg',
  tif: 'tiff',
  psb: 'psd',
  targa: 'tga',
  icb: 'tga',
  vda: 'tga',
  vst: 'tga',
  pic: 'hdr',
  m4v: 'mp4',
  qt: 'mov',
};

/** The stored format names a `--format` name stands for: one, or every video container's for `video`. */
export function canonicalFormats(names: readonly string[]): string[] {
  return [
    ...new Set(names.flatMap((n) => (canonicalFormat(n) === 'video' ? VIDEO_FORMAT_NAMES : [canonicalFormat(n)]))),
  ];
}

/** The stored format name for a name or extension a user gives (case and a leading dot ignored). */
function canonicalFormat(name: string): string {
  const n = name.trim().toLowerCase().replace(/^\./, '');
  if (RAW_EXTENSIONS.has(`.${n}`)) return 'raw';
  return ALIASES[n] ?? n;
}
