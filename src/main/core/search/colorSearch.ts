/**
 * Search by colour over the catalog's palettes. Alone, it ranks images by how
 * much of the colours asked for they hold; beside a text or an example image,
 * it only filters, and the query's own ranking is kept (a colour says which
 * images may come, the words or the example say which come first).
 */
import path from 'node:path';
import type { SearchQuery } from '../../../shared/contract';
import type { SearchHit } from '../../../shared/types';
import type { Catalog } from '../catalog/catalog';
import { colorScore, DEFAULT_COLOR_DISTANCE } from '../colors/colorMatch';
import { type Lab, labOfHex } from '../colors/lab';
import { canonicalFormats } from '../formats/formatNames';
import type { FileCondition } from '../organize/organizeFilter';
import { filterPredicate } from '../vectors/embedded/entryReader';
import { paletteTable } from './paletteTable';

type Filters = NonNullable<SearchQuery['filters']>;

export class ColorSearchError extends Error {}

/** True when the query asks for colours and nothing else to rank by. */
export function isColorOnly(query: SearchQuery): boolean {
  const text = query.text?.trim() ?? '';
  return Boolean(query.filters?.colors?.length) && !text && !query.images?.length;
}

/** The colours asked for; a bad one is refused naming it. */
export function parseColors(hexes: string[]): Lab[] {
  return hexes.map((hex) => {
    const lab = labOfHex(hex);
    if (!lab) throw new ColorSearchError(`Not a colour: "${hex}". Give a hex colour such as #c8102e.`);
    return lab;
  });
}

function distanceOf(filters: Filters): number {
  const d = filters.colorDistance ?? DEFAULT_COLOR_DISTANCE;
  if (!Number.isFinite(d) || d <= 0 || d > 100) {
    throw new ColorSearchError(`The colour distance must be a ΔE2000 above 0 and at most 100, not ${d}.`);
  }
  return d;
}

export class ColorSearch {
  constructor(private readonly catalog: Catalog) {}

  /** Every content whose palette holds all the colours asked for, with its colour score. */
  scores(filters: Filters): Map<string, number> {
    const targets = parseColors(filters.colors ?? []);
    const distance = distanceOf(filters);
    const { keys, starts, data } = paletteTable(this.catalog);
    const out = new Map<string, number>();
    keys.forEach((key, i) => {
      const score = colorScore(data, starts[i]!, starts[i + 1]!, targets, distance);
      if (score !== null) out.set(key, score);
    });
    return out;
  }

  /** The files whose palette holds the colours, as a condition on `files f`; null when no colour is asked. */
  condition(filters: Filters = {}): FileCondition | null {
    if (!filters.colors?.length) return null;
    return {
      where: 'f.content_key IN (SELECT value FROM json_each(?))',
      params: [JSON.stringify([...this.scores(filters).keys()])],
    };
  }

  /** The files holding the colours, most colourful first, within the other filters (`also`: tags and the like). */
  rank(filters: Filters, limit: number, also: FileCondition | null): SearchHit[] {
    const scores = this.scores(filters);
    if (scores.size === 0) return [];
    const accept = filterPredicate({
      folders: (filters.folders ?? []).map((f) => path.resolve(f) + path.sep),
      formats: canonicalFormats(filters.formats ?? []),
    });
    const rows = this.catalog.db
      .prepare(
        `SELECT f.path, f.width, f.height, f.format, f.content_key AS key FROM files f WHERE ${also?.where ?? '1'}`,
      )
      .iterate(...(also?.params ?? [])) as IterableIterator<Omit<SearchHit, 'score'> & { key: string }>;
    const hits: SearchHit[] = [];
    for (const { key, ...file } of rows) {
      const score = scores.get(key);
      if (score !== undefined && accept(file)) hits.push({ ...file, score: Number(score.toFixed(6)) });
    }
    hits.sort((a, b) => b.score - a.score || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return hits.slice(0, limit);
  }
}
