/** Which files are indexed as videos (core/video), by extension; an animated GIF is told by its frames. */
import path from 'node:path';
import { isImagePath } from './imageFiles';

/** Extension → the format name the catalog stores and `--format` filters by. */
const VIDEO_FORMATS: Record<string, string> = {
  '.mp4': 'mp4',
  '.m4v': 'mp4',
  '.mov': 'mov',
  '.qt': 'mov',
  '.webm': 'webm',
  '.mkv': 'mkv',
  '.avi': 'avi',
};

/** The stored formats that `--format video` stands for (animated GIFs stay `gif`). */
export const VIDEO_FORMAT_NAMES: readonly string[] = [...new Set(Object.values(VIDEO_FORMATS))];

export function isVideoPath(file: string): boolean {
  return path.extname(file).toLowerCase() in VIDEO_FORMATS;
}

/** The format of a video file, by extension; `gif` for an animated GIF. */
export function videoFormat(file: string): string {
  return VIDEO_FORMATS[path.extname(file).toLowerCase()] ?? 'gif';
}

/**
 * The extension a video is stored under, told by its first bytes (an upload's name is untrusted),
 * or null for anything else: an ISO media `ftyp` box (QuickTime's brand `qt`), an EBML header
 * (WebM when its doctype says so, else Matroska), or a RIFF AVI.
 */
export function videoExtensionOf(head: Uint8Array): string | null {
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (head.length >= 12 && ascii(4, 8) === 'ftyp') return ascii(8, 12) === 'qt  ' ? 'mov' : 'mp4';
  if (head.length >= 4 && head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) {
    return ascii(0, Math.min(head.length, 64)).includes('webm') ? 'webm' : 'mkv';
  }
  if (head.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'AVI ') return 'avi';
  return null;
}

/** Whether the indexer looks at a file: an image or a video, by extension. */
export function isLibraryPath(file: string): boolean {
  return isImagePath(file) || isVideoPath(file);
}
