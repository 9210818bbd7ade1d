/**
 * How a video frame is named where only paths identify entries (vector
 * stores, search hits): the video's path with a media-fragment time,
 * `clip.mp4#t=12.500`, written by the catalog's triggers in the same form
 * (migration 14). A file whose own name ends so is still a file: callers look
 * the whole path up first.
 */

const FRAME_SUFFIX = /#t=(\d+\.\d{3})$/;

/** The video and time (ms) a frame path names, or null for any other path. */
export function splitFramePath(p: string): { video: string; timeMs: number } | null {
  const m = FRAME_SUFFIX.exec(p);
  if (!m) return null;
  return { video: p.slice(0, m.index), timeMs: Math.round(Number(m[1]) * 1000) };
}

/** The key a frame's vectors are stored under: its video's content key and its time. */
export function frameKey(videoKey: string, timeMs: number): string {
  return `${videoKey}@${timeMs}`;
}
