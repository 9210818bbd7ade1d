/**
 * Colours as search compares them: CIELAB (D65, the space culori's CIEDE2000
 * works in), read from and written to the `#rrggbb` hex a person types or picks.
 */
import { converter, formatHex, parse } from 'culori';

export interface Lab {
  l: number;
  a: number;
  b: number;
}

const toLab = converter('lab65');

/** The colour of 8-bit sRGB components. */
export function labOfRgb(r: number, g: number, b: number): Lab {
  const { l, a, b: bb } = toLab({ mode: 'rgb', r: r / 255, g: g / 255, b: b / 255 });
  return { l, a, b: bb };
}

/** `#rrggbb`, `rrggbb` or `#rgb` as a colour; null for anything else. */
export function labOfHex(hex: string): Lab | null {
  const text = hex.trim().replace(/^#?/, '#');
  if (!/^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(text)) return null;
  const rgb = parse(text);
  if (!rgb) return null;
  const { l, a, b } = toLab(rgb);
  return { l, a, b };
}

/** The nearest `#rrggbb` (clamped into sRGB) of a colour. */
export function hexOfLab({ l, a, b }: Lab): string {
  return formatHex({ mode: 'lab65', l, a, b });
}
