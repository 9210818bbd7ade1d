/** How far apart two colours look: CIEDE2000, the difference closest to what people judge. */
import { differenceCiede2000 } from 'culori';
import type { Lab } from './lab';

const ciede2000 = differenceCiede2000();

/** ΔE2000 between two colours: about 1 is just noticeable, 10 clearly different, 20 another shade, 50+ another colour. */
export function deltaE2000(x: Lab, y: Lab): number {
  return ciede2000({ mode: 'lab65', ...x }, { mode: 'lab65', ...y });
}
