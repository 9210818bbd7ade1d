/**
 * Colours as search compares them: CIELAB under D65 (culori's `lab65`), read
 * from and written to the `#rrggbb` hex a person types or picks. Written out on
 * plain numbers and checked against culori in the tests: a palette is made from
 * thousands of pixels, search reads every palette of the library, and loading
 * culori's hundred modules would slow the start of every `atelier` command.
 */

export interface Lab {
  l: number;
  a: number;
  b: number;
}

/** D65's white, as culori derives it from the chromaticity (0.3127, 0.3290). */
const WHITE_X = 0.3127 / 0.329;
const WHITE_Z = (1 - 0.3127 - 0.329) / 0.329;
const EPSILON = 216 / 24389;
const KAPPA = 24389 / 27;

/** An 8-bit sRGB component as linear light, through a table: there are only 256 of them. */
const LINEAR = Float64Array.from({ length: 256 }, (_, i) => {
  const c = i / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
});

const f = (v: number) => (v > EPSILON ? Math.cbrt(v) : (KAPPA * v + 16) / 116);

/** The colour of 8-bit sRGB components. */
export function labOfRgb(r: number, g: number, b: number): Lab {
  const lr = LINEAR[r]!;
  const lg = LINEAR[g]!;
  const lb = LINEAR[b]!;
  const fx = f((0.4123907992659593 * lr + 0.357584339383878 * lg + 0.1804807884018343 * lb) / WHITE_X);
  const fy = f(0.2126390058715102 * lr + 0.715168678767756 * lg + 0.0721923153607337 * lb);
  const fz = f((0.0193308187155918 * lr + 0.119194779794626 * lg + 0.9505321522496607 * lb) / WHITE_Z);
  return { l: 116 * fy - 16, a: 500 * (fx - fy), b: 200 * (fy - fz) };
}

const HEX = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i;

/** `#rrggbb`, `rrggbb` or `#rgb` as a colour; null for anything else. */
export function labOfHex(hex: string): Lab | null {
  const digits = HEX.exec(hex.trim())?.[1];
  if (!digits) return null;
  const full = digits.length === 3 ? [...digits].map((d) => d + d).join('') : digits;
  const n = parseInt(full, 16);
  return labOfRgb(n >> 16, (n >> 8) & 255, n & 255);
}

const fInverse = (t: number) => (t ** 3 > EPSILON ? t ** 3 : (116 * t - 16) / KAPPA);

/** Linear light as an 8-bit sRGB component, clamped into sRGB's range. */
function srgb8(linear: number): number {
  const abs = Math.abs(linear);
  const c = Math.sign(linear) * (abs <= 0.0031308 ? 12.92 * abs : 1.055 * abs ** (1 / 2.4) - 0.055);
  return Math.round(Math.min(1, Math.max(0, c)) * 255);
}

/** The nearest `#rrggbb` (each component clamped into sRGB) of a colour. */
export function hexOfLab({ l, a, b }: Lab): string {
  const fy = (l + 16) / 116;
  const x = fInverse(fy + a / 500) * WHITE_X;
  const y = fInverse(fy);
  const z = fInverse(fy - b / 200) * WHITE_Z;
  const r = srgb8(3.2409699419045226 * x - 1.537383177570094 * y - 0.4986107602930034 * z);
  const g = srgb8(-0.9692436362808796 * x + 1.8759675015077202 * y + 0.04155505740717559 * z);
  const bl = srgb8(0.05563007969699366 * x - 0.20397695888897652 * y + 1.0569715142428786 * z);
  return `#${((r << 16) | (g << 8) | bl).toString(16).padStart(6, '0')}`;
}
