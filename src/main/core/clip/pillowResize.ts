/**
 * Pillow's BICUBIC (a = -0.5) and BILINEAR in their 8-bit fixed-point form, for the crop window
 * only. Preprocessing uses it when upscaling: libvips enlarges through an
 * interpolator that sits MAD ~0.05 from Pillow whatever the kernel, while a
 * small source makes this cheap.
 */

/** Fixed-point precision of the kernel weights, as in Pillow's resample.c. */
const BITS = 22;
function cubic(x: number): number {
  x = Math.abs(x);
  return x < 1 ? (1.5 * x - 2.5) * x * x + 1 : x < 2 ? (((x - 5) * x + 8) * x - 4) * -0.5 : 0;
}

function triangle(x: number): number {
  x = Math.abs(x);
  return x < 1 ? 1 - x : 0;
}

/** Pillow's filters: the kernel and its support in source pixels before widening. */
export const PILLOW_FILTERS = {
  bicubic: { kernel: cubic, support: 2 },
  bilinear: { kernel: triangle, support: 1 },
} as const;
export type PillowFilter = keyof typeof PILLOW_FILTERS;

function coefficients(inSize: number, outSize: number, first: number, count: number, filter: PillowFilter) {
  const { kernel, support: base } = PILLOW_FILTERS[filter];
  const scale = inSize / outSize;
  const stretch = Math.max(scale, 1); // the kernel widens when shrinking (antialias)
  const support = base * stretch;
  const taps = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(count);
  const len = new Int32Array(count);
  const k = new Int32Array(count * taps);
  const w = new Float64Array(taps);
  for (let i = 0; i < count; i++) {
    const centre = (first + i + 0.5) * scale;
    const lo = Math.max(0, Math.trunc(centre - support + 0.5));
    const hi = Math.min(inSize, Math.trunc(centre + support + 0.5));
    let sum = 0;
    for (let x = lo; x < hi; x++) sum += w[x - lo] = kernel((x - centre + 0.5) / stretch);
    for (let j = 0; j < hi - lo; j++) {
      const v = sum !== 0 ? w[j]! / sum : w[j]!;
      k[i * taps + j] = Math.trunc(v * (1 << BITS) + (v < 0 ? -0.5 : 0.5));
    }
    start[i] = lo;
    len[i] = hi - lo;
  }
  return { start, len, k, taps };
}

const clamp8 = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : v);

/** Resize RGB `src` (w x h) to rw x rh as Pillow would, returning only the size x size crop. */
export function pillowResizeCrop(
  src: Buffer,
  w: number,
  h: number,
  rw: number,
  rh: number,
  left: number,
  top: number,
  size: number,
  filter: PillowFilter = 'bicubic',
) {
  const H = coefficients(w, rw, left, size, filter);
  const V = coefficients(h, rh, top, size, filter);
  const y0 = V.start[0]!;
  const rows = V.start[size - 1]! + V.len[size - 1]! - y0;
  const half = 1 << (BITS - 1);
  // Channels unrolled and tables in locals: this runs for every tiny image of a library.
  const mid = new Uint8Array(rows * size * 3); // horizontal pass, 8-bit like Pillow's
  const hk = H.k;
  for (let y = 0; y < rows; y++) {
    const row = (y0 + y) * w * 3;
    for (let i = 0; i < size; i++) {
      let r = half;
      let g = half;
      let b = half;
      let p = row + H.start[i]! * 3;
      const kEnd = i * H.taps + H.len[i]!;
      for (let j = i * H.taps; j < kEnd; j++, p += 3) {
        const kv = hk[j]!;
        r += src[p]! * kv;
        g += src[p + 1]! * kv;
        b += src[p + 2]! * kv;
      }
      const o = (y * size + i) * 3;
      mid[o] = clamp8(r >> BITS);
      mid[o + 1] = clamp8(g >> BITS);
      mid[o + 2] = clamp8(b >> BITS);
    }
  }
  const out = Buffer.allocUnsafe(size * size * 3);
  const stride = size * 3;
  const vk = V.k;
  for (let y = 0; y < size; y++) {
    const base = (V.start[y]! - y0) * stride;
    const k0 = y * V.taps;
    const kEnd = k0 + V.len[y]!;
    for (let x = 0; x < stride; x++) {
      let s = half;
      for (let j = k0, p = base + x; j < kEnd; j++, p += stride) s += mid[p]! * vk[j]!;
      out[y * stride + x] = clamp8(s >> BITS);
    }
  }
  return out;
}
