/**
 * SVG through sharp (librsvg), made safe for files from anywhere: a document
 * that refers to anything outside itself (another file, a URL, an external
 * entity) is refused before rendering, and the raster's longest side is held to
 * SAFE_SIDE whatever size the document declares, so a 100000-pixel-wide
 * drawing costs what a normal one does; drawing is given RENDER_SECONDS at most.
 */
import sharp from 'sharp';
import { type DecodedImage, FormatError } from './decodedImage';

/** Longest side of the raster: several times the model's input, and a large thumbnail. */
export const SAFE_SIDE = 2048;
const DEFAULT_DENSITY = 72;
/** A drawing is small work; one that takes longer (a filter bomb, say) is given up, not waited on. */
const RENDER_SECONDS = 20;

/** Markup whose first kilobytes open an <svg> element. */
export function isSvg(buf: Uint8Array): boolean {
  const text = Buffer.from(buf.buffer, buf.byteOffset, Math.min(buf.length, 4096)).toString('latin1');
  return /^(\uFEFF|ï»¿)?\s*</.test(text) && /<svg[\s>]/i.test(text);
}

/** A reference that leaves the document: anything but a fragment (#id) or inline data. */
const EXTERNAL = [
  /\b(?:xlink:)?href\s*=\s*["']\s*(?!#|data:)[^"'\s]/i,
  /\bsrc\s*=\s*["']\s*(?!#|data:)[^"'\s]/i,
  /url\(\s*["']?\s*(?!#|data:)[^)"'\s]/i,
  /<!ENTITY[^>]*\b(?:SYSTEM|PUBLIC)\b/i,
  /<\?xml-stylesheet/i,
  /@import\b/i,
];

export async function decodeSvg(buf: Buffer, maxPixels: number): Promise<DecodedImage> {
  const text = buf.toString('utf8');
  if (EXTERNAL.some((re) => re.test(text))) throw new FormatError('SVG refers to external files or URLs (refused)');
  let width: number;
  let height: number;
  try {
    const meta = await sharp(buf, { limitInputPixels: false }).metadata();
    width = meta.width ?? 0;
    height = meta.height ?? 0;
  } catch (err) {
    throw new FormatError('corrupt SVG', err);
  }
  if (!(width > 0 && height > 0)) throw new FormatError('SVG has no size');
  const scale = Math.min(1, SAFE_SIDE / Math.max(width, height));
  // Density is how librsvg scales, so the document is drawn at the safe size, not drawn large and shrunk.
  const density = Math.max(1e-3, DEFAULT_DENSITY * scale);
  try {
    const { data, info } = await sharp(buf, { density, limitInputPixels: maxPixels, failOn: 'error' })
      .ensureAlpha()
      .timeout({ seconds: RENDER_SECONDS })
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, channels: 4, format: 'svg' };
  } catch (err) {
    if (/timeout/i.test((err as Error).message)) {
      throw new FormatError(`SVG took too long to draw (over ${RENDER_SECONDS} s)`, err);
    }
    throw new FormatError('corrupt SVG', err);
  }
}
