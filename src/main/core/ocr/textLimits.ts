/**
 * What reading promises the catalog: which images are read at all, and how much
 * of what comes out is kept, so that one odd file cannot flood the index.
 */

/** A side shorter than this holds no legible line. */
export const MIN_SIDE = 8;
/** A strip longer than this many times its width (a 1×5000 divider) is not read. */
export const MAX_ASPECT = 50;
export const MAX_LINES = 1000;
export const MAX_CHARS = 100_000;

/** Why an image of this size is not read, or null when it is. */
export function unreadableSize(width: number, height: number): string | null {
  if (Math.min(width, height) < MIN_SIDE) {
    return `too small to read text (${width}×${height} pixels, under ${MIN_SIDE} on a side)`;
  }
  const aspect = Math.max(width, height) / Math.min(width, height);
  if (aspect > MAX_ASPECT) return `too narrow to read text (${width}×${height} pixels, over ${MAX_ASPECT}:1)`;
  return null;
}

/** C0 and C1 control characters, which no line of printed text holds. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

export function stripControls(text: string): string {
  return text.replace(CONTROL, '').trim();
}

/** Keeps the first MAX_LINES lines and MAX_CHARS characters of their text. */
export function capLines<T extends { text: string }>(lines: T[]): T[] {
  const kept: T[] = [];
  let chars = 0;
  for (const line of lines.slice(0, MAX_LINES)) {
    const room = MAX_CHARS - chars;
    if (room <= 0) break;
    const text = [...line.text].slice(0, room).join('');
    kept.push({ ...line, text });
    // The newline that joins it to the next line counts too: the stored text stays within the cap.
    chars += [...text].length + 1;
  }
  return kept;
}
