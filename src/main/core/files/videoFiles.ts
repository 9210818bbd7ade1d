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

/** Whether the indexer looks at a file: an image or a video, by extension. */
export function isLibraryPath(file: string): boolean {
  return isImagePath(file) || isVideoPath(file);
}
