/**
 * A video file itself, for the preview to play: only a video inside the
 * readable folders, and in byte ranges (HTTP Range), so a player can seek to
 * the time a search found without loading what comes before.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { checkReadable } from '../files/readableFiles';
import { isVideoPath } from '../files/videoFiles';

const TYPES: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/quicktime',
  '.qt': 'video/quicktime',
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
  '.avi': 'video/x-msvideo',
};

export type MediaResult =
  | { ok: true; file: string; size: number; start: number; end: number; partial: boolean; type: string }
  | { ok: false; status: 403 | 404 | 416 | 422; reason: string; size?: number };

/** `bytes=a-b`, `bytes=a-` or `bytes=-n` over a file of `size` bytes; one range only. */
function parseRange(header: string, size: number): { start: number; end: number } | null {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  return start <= end && start < size ? { start, end } : null;
}

export async function openMedia(file: string, roots: readonly string[], range?: string | null): Promise<MediaResult> {
  const access = await checkReadable(file, roots);
  if (!access.ok) return access;
  if (!isVideoPath(access.realPath)) return { ok: false, status: 422, reason: 'not a video' };
  const { size } = await fs.stat(access.realPath);
  const type = TYPES[path.extname(access.realPath).toLowerCase()]!;
  if (!range) return { ok: true, file: access.realPath, size, start: 0, end: size - 1, partial: false, type };
  const r = parseRange(range, size);
  if (!r) return { ok: false, status: 416, reason: 'range not satisfiable', size };
  return { ok: true, file: access.realPath, size, ...r, partial: true, type };
}
