/**
 * An image's pixels shrunk to about 64 px on the long side, upright, with
 * alpha: what a palette is made from. Studio formats go through core/formats
 * as for thumbnails; JPEG and WebP shrink while decoding, so a large photo
 * costs little more than its thumbnail.
 */
import sharp from 'sharp';
import type { Pixels } from '../colors/palette';
import { decodeStudioFile, FormatError } from '../formats/decodeImage';

/** The long side of the image a palette is made from. */
const PALETTE_PIXELS = 64;
/** The same decompression-bomb guard as indexing and thumbnails. */
const MAX_INPUT_PIXELS = 100_000_000;

async function open(file: string): Promise<sharp.Sharp> {
  let studio;
  try {
    studio = await decodeStudioFile(file, MAX_INPUT_PIXELS);
  } catch (err) {
    throw err instanceof FormatError ? new Error(err.reason, { cause: err }) : err;
  }
  if (!studio) return sharp(file, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', pages: 1 });
  const { data, width, height, channels } = studio;
  return sharp(data, { raw: { width, height, channels }, limitInputPixels: MAX_INPUT_PIXELS });
}

export async function palettePixels(file: string): Promise<Pixels> {
  const image = await open(file);
  const { data, info } = await image
    .rotate()
    .resize(PALETTE_PIXELS, PALETTE_PIXELS, { fit: 'inside', withoutEnlargement: true })
    .toColourspace('srgb')
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, channels: info.channels };
}
