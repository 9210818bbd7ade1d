/**
 * Every palette of the library in memory as one float array, read once and
 * kept while the catalog's palettes are unchanged (checked on each search by
 * a stamp: their count and latest write), so a colour search costs the
 * distances only, not reading and decoding 100,000 rows.
 */
import type { Catalog } from '../catalog/catalog';
import { PaletteRecords } from '../catalog/paletteRecords';

export interface PaletteTable {
  keys: string[];
  /** Row i's colours are quadruples (L, a, b, share) from data[starts[i]] to data[starts[i + 1]]. */
  starts: Int32Array;
  data: Float32Array;
}

const kept = new WeakMap<Catalog, { stamp: string; table: PaletteTable }>();

export function paletteTable(catalog: Catalog): PaletteTable {
  const records = new PaletteRecords(catalog.db);
  const stamp = records.stamp();
  const cached = kept.get(catalog);
  if (cached?.stamp === stamp) return cached.table;
  const rows = records.searchable();
  const starts = new Int32Array(rows.length + 1);
  let length = 0;
  rows.forEach((row, i) => {
    starts[i] = length;
    length += row.lab.byteLength / 4;
  });
  starts[rows.length] = length;
  const data = new Float32Array(length);
  rows.forEach((row, i) => data.set(new Float32Array(new Uint8Array(row.lab).buffer), starts[i]));
  const table = { keys: rows.map((r) => r.key), starts, data };
  kept.set(catalog, { stamp, table });
  return table;
}
