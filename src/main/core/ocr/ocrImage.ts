/**
 * An image as the OCR pipeline takes it: read once (so its content key is of
 * exactly the bytes read), upright by EXIF, transparency laid on white (dark
 * text on a transparent sheet stays legible), RGB, and at most MAX_SIDE pixels
 * on its long side: a poster scanned at 12,000 pixels is read at a size the
 * detector works at anyway.
 */
import fs from 'node:fs/promises';
import sharp from 'sharp';
import { contentKeyOfBytes } from '../files/contentKey';
import { decodeStudioImage } from '../formats/decodeImage';
import type { RgbImage } from './rgbImage';

const MAX_SIDE = 1920;
const MAX_PIXELS = 100_000_000;

export interface OcrImage {
  contentKey: string;
  /** The image's own size, upright. */
  width: number;
  height: number;
  /** Its pixels, scaled down to at most MAX_SIDE on the long side. */
  pixels: RgbImage;
  /** Multiplies a position in `pixels` into one in the image. */
  scale: number;
}

export async function loadOcrImage(file: string): Promise<OcrImage> {
  const bytes = await fs.readFile(file);
  return decodeOcrImage(bytes, contentKeyOfBytes(bytes), file);
}

/** `bytes` (the file `name`'s, whose content key is `contentKey`) as the pipeline takes them. */
export async function decodeOcrImage(bytes: Buffer, contentKey: string, name: string): Promise<OcrImage> {
  const studio = await decodeStudioImage(bytes, { maxPixels: MAX_PIXELS, name });
  const base = studio
    ? sharp(studio.data, { raw: { width: studio.width, height: studio.height, channels: studio.channels } })
    : sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'error', pages: 1 }).rotate();
  const meta = studio ? { width: studio.width, height: studio.height } : await uprightSize(bytes);
  const { data, info } = await base
    .flatten({ background: '#ffffff' })
    .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    contentKey,
    width: meta.width,
    height: meta.height,
    pixels: { data, width: info.width, height: info.height },
    scale: meta.width / info.width,
  };
}

/** The size sharp decodes to, turned by the EXIF orientation as `rotate()` turns it. */
async function uprightSize(bytes: Buffer): Promise<{ width: number; height: number }> {
  const meta = await sharp(bytes, { limitInputPixels: MAX_PIXELS, pages: 1 }).metadata();
  const turned = (meta.orientation ?? 1) >= 5;
  const width = meta.width ?? 0;
  const height = meta.pageHeight ?? meta.height ?? 0;
  return turned ? { width: height, height: width } : { width, height };
}
