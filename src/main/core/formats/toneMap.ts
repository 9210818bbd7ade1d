/**
 * Tone mapping of linear-light HDR pixels (Radiance HDR) to 8-bit sRGB.
 *
 * The operator: exposure normalisation then clipping. The scene is scaled so
 * that its 99th-percentile luminance (Rec. 709 weights) lands at 1.0 when it is
 * brighter than that, and left as it is otherwise; then each channel is clipped
 * to [0, 1] and encoded with the sRGB transfer curve. A render already in
 * [0, 1] thus comes out exactly as ImageMagick converts it, and a bright one
 * keeps its colours instead of washing out to white; hues, which search cares
 * about most, are kept by scaling all channels alike.
 */

/** The sRGB transfer curve of a linear value in [0, 1]. */
export function linearToSrgb(v: number): number {
  return v <= 0.0031308 ? 12.92 * v : 1.055 * Math.pow(v, 1 / 2.4) - 0.055;
}

function to8(v: number): number {
  return Math.round(Math.max(0, Math.min(1, v)) * 255);
}

/** Linear RGB floats (3 per pixel) to packed 8-bit sRGB. */
export function toneMapToSrgb(linear: Float32Array, pixels: number): Buffer {
  const lum = new Float32Array(pixels);
  for (let i = 0; i < pixels; i++) {
    lum[i] = 0.2126 * linear[i * 3]! + 0.7152 * linear[i * 3 + 1]! + 0.0722 * linear[i * 3 + 2]!;
  }
  lum.sort();
  const p99 = pixels > 0 ? lum[Math.min(pixels - 1, Math.floor(pixels * 0.99))]! : 1;
  const scale = p99 > 1 ? 1 / p99 : 1;
  const out = Buffer.allocUnsafe(pixels * 3);
  for (let i = 0; i < pixels * 3; i++) out[i] = to8(linearToSrgb(Math.max(0, Math.min(1, linear[i]! * scale))));
  return out;
}
