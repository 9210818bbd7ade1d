/** The hand-written conversions between sRGB and CIELAB agree with culori's `lab65` on every kind of colour. */
import { converter, formatHex } from 'culori';
import { describe, expect, it } from 'vitest';
import { hexOfLab, labOfHex, labOfRgb } from '../../src/main/core/colors/lab';

const culoriLab = converter('lab65');

describe('sRGB to CIELAB', () => {
  it('matches culori within a millionth, from black through greys, primaries and in-betweens', () => {
    const samples: Array<[number, number, number]> = [];
    for (let r = 0; r <= 255; r += 51)
      for (let g = 0; g <= 255; g += 51) for (let b = 0; b <= 255; b += 51) samples.push([r, g, b]);
    samples.push([200, 16, 46], [1, 2, 3], [10, 10, 10], [254, 255, 253]);
    for (const [r, g, b] of samples) {
      const mine = labOfRgb(r, g, b);
      const theirs = culoriLab({ mode: 'rgb', r: r / 255, g: g / 255, b: b / 255 });
      expect(Math.abs(mine.l - theirs.l), `L of ${r},${g},${b}`).toBeLessThan(1e-6);
      expect(Math.abs(mine.a - theirs.a), `a of ${r},${g},${b}`).toBeLessThan(1e-6);
      expect(Math.abs(mine.b - theirs.b), `b of ${r},${g},${b}`).toBeLessThan(1e-6);
    }
  });

  it('reads #rgb as #rrggbb', () => {
    expect(labOfHex('#f0a')).toEqual(labOfRgb(255, 0, 170));
    expect(labOfHex(' C8102E ')).toEqual(labOfRgb(200, 16, 46));
  });

  it('turns Lab back into the hex culori gives, clamping colours outside sRGB the same way', () => {
    for (let l = 0; l <= 100; l += 12.5) {
      for (let a = -120; a <= 120; a += 30) {
        for (let b = -120; b <= 120; b += 30) {
          expect(hexOfLab({ l, a, b }), `Lab ${l} ${a} ${b}`).toBe(formatHex({ mode: 'lab65', l, a, b }));
        }
      }
    }
    for (const hex of ['#c8102e', '#000000', '#ffffff', '#1030c8', '#7f7f7f', '#00ff00']) {
      expect(hexOfLab(labOfHex(hex)!)).toBe(hex);
    }
  });
});
