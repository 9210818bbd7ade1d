/**
 * What every studio-format decoder returns: packed 8-bit pixels that sharp
 * takes as raw input, so preprocessing and thumbnails treat them like any image.
 */

/** Packed 8-bit samples, row-major, `channels` per pixel (grey, grey+alpha, RGB or RGBA). */
export interface DecodedImage {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
  /** The format's short name, as filters and `info` show it: psd, tga, hdr, kra, ora, raw. */
  format: string;
}

/** A file of a studio format that cannot be decoded; `reason` is one line for the user. */
export class FormatError extends Error {
  readonly reason: string;
  constructor(reason: string, cause?: unknown) {
    super(reason, cause === undefined ? undefined : { cause });
    this.name = 'FormatError';
    this.reason = reason;
  }
}

/** Refuses a header that claims more pixels than the caller allows, before any is decoded. */
export function checkPixels(width: number, height: number, maxPixels: number): void {
  if (!(width > 0 && height > 0)) throw new FormatError('corrupt image (zero size)');
  if (width * height > maxPixels) {
    throw new FormatError(`image too large (${width}×${height} pixels, limit ${maxPixels})`);
  }
}
