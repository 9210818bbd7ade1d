/**
 * An animated GIF longer than a few frames is indexed as a video (its frames
 * differ: a walk cycle, a VFX loop); a shorter one stays an image, read by its first frame.
 */
import path from 'node:path';
import sharp from 'sharp';

/** From this many frames on, a GIF is a video. */
export const GIF_VIDEO_FRAMES = 10;

export async function isAnimatedGif(file: string): Promise<boolean> {
  if (path.extname(file).toLowerCase() !== '.gif') return false;
  try {
    const { pages } = await sharp(file).metadata();
    return (pages ?? 1) >= GIF_VIDEO_FRAMES;
  } catch {
    return false; // the image decoder then says what is wrong with it
  }
}
