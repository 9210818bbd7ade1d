/**
 * Packed 8-bit RGB pixels, and the few operations the OCR pipeline needs on
 * them: cropping a box, turning it by quarter turns, and bilinear resizing
 * straight into a normalised BGR tensor (PaddleOCR's models were trained on
 * OpenCV's BGR order).
 */

export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** The pixels inside [x0, x1) × [y0, y1), clamped to the image. */
export function crop(img: RgbImage, x0: number, y0: number, x1: number, y1: number): RgbImage {
  const left = Math.max(0, Math.min(img.width - 1, Math.floor(x0)));
  const top = Math.max(0, Math.min(img.height - 1, Math.floor(y0)));
  const width = Math.max(1, Math.min(img.width, Math.ceil(x1)) - left);
  const height = Math.max(1, Math.min(img.height, Math.ceil(y1)) - top);
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const from = ((top + y) * img.width + left) * 3;
    data.set(img.data.subarray(from, from + width * 3), y * width * 3);
  }
  return { data, width, height };
}

/** A quarter turn counter-clockwise (numpy's rot90, as PaddleOCR turns tall boxes). */
export function turnLeft(img: RgbImage): RgbImage {
  const { width: w, height: h } = img;
  const data = new Uint8Array(w * h * 3);
  // Output is h wide and w tall: out(x', y') = in(w - 1 - y', x').
  for (let y = 0; y < w; y++) {
    for (let x = 0; x < h; x++) {
      const src = (x * w + (w - 1 - y)) * 3;
      const dst = (y * h + x) * 3;
      data[dst] = img.data[src]!;
      data[dst + 1] = img.data[src + 1]!;
      data[dst + 2] = img.data[src + 2]!;
    }
  }
  return { data, width: h, height: w };
}

/** A half turn. */
export function turnAround(img: RgbImage): RgbImage {
  const n = img.width * img.height;
  const data = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    const src = (n - 1 - i) * 3;
    data[i * 3] = img.data[src]!;
    data[i * 3 + 1] = img.data[src + 1]!;
    data[i * 3 + 2] = img.data[src + 2]!;
  }
  return { data, width: img.width, height: img.height };
}

/**
 * Resizes `img` to `width` × `height` (bilinear) and writes it, BGR and
 * channel-major, into `out` at `offset` as ((v / 255) - mean) / std per
 * channel, over a plane `stride` pixels wide: the columns right of `width` are
 * left as they are (the caller's padding).
 */
export function writeTensor(
  img: RgbImage,
  width: number,
  height: number,
  out: Float32Array,
  offset: number,
  stride: number,
  mean: readonly number[],
  std: readonly number[],
): void {
  const plane = stride * height;
  const sx = img.width / width;
  const sy = img.height / height;
  for (let y = 0; y < height; y++) {
    const fy = Math.max(0, (y + 0.5) * sy - 0.5);
    const y0 = Math.min(img.height - 1, Math.floor(fy));
    const y1 = Math.min(img.height - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.max(0, (x + 0.5) * sx - 0.5);
      const x0 = Math.min(img.width - 1, Math.floor(fx));
      const x1 = Math.min(img.width - 1, x0 + 1);
      const wx = fx - x0;
      const a = (y0 * img.width + x0) * 3;
      const b = (y0 * img.width + x1) * 3;
      const c = (y1 * img.width + x0) * 3;
      const d = (y1 * img.width + x1) * 3;
      // Tensor channel t is BGR: it reads RGB channel 2 - t, and takes the t-th mean and deviation.
      for (let t = 0; t < 3; t++) {
        const ch = 2 - t;
        const top = img.data[a + ch]! * (1 - wx) + img.data[b + ch]! * wx;
        const bottom = img.data[c + ch]! * (1 - wx) + img.data[d + ch]! * wx;
        const v = (top * (1 - wy) + bottom * wy) / 255;
        out[offset + t * plane + y * stride + x] = (v - mean[t]!) / std[t]!;
      }
    }
  }
}
