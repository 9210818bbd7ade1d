/** --color and --color-distance as a search filter, checked before the core opens. */
import { ColorSearchError, parseColors } from '../../main/core/search/colorSearch';
import { UsageError } from '../errors';
import type { FlagValues } from '../flags';

export interface ColorFilter {
  colors?: string[];
  colorDistance?: number;
}

export function colorFilterOf(values: FlagValues): ColorFilter {
  const filter: ColorFilter = {};
  if (values.color.length) {
    try {
      parseColors(values.color);
    } catch (err) {
      if (err instanceof ColorSearchError) throw new UsageError(`--color: ${err.message}`);
      throw err;
    }
    filter.colors = values.color;
  }
  const raw = values['color-distance'];
  if (raw !== undefined) {
    const d = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(d) || d <= 0 || d > 100) {
      throw new UsageError(`--color-distance must be a ΔE2000 above 0 and at most 100, not "${raw}"`);
    }
    if (!filter.colors) throw new UsageError('--color-distance needs at least one --color');
    filter.colorDistance = d;
  }
  return filter;
}
