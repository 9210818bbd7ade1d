/**
 * Colour search keeps the library's palettes in memory between searches, and
 * sees at once a palette written since (by this process or another).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { PaletteRecords } from '../../src/main/core/catalog/paletteRecords';
import { PALETTE_VERSION } from '../../src/main/core/colors/palette';
import { ColorSearch, ColorSearchError } from '../../src/main/core/search/colorSearch';

describe('colour search over the catalog', () => {
  let tmp: string;
  let catalog: Catalog;
  let other: Catalog;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-palette-table-'));
    catalog = Catalog.open(path.join(tmp, 'catalog.db'));
    other = Catalog.open(path.join(tmp, 'catalog.db'));
  });
  afterAll(() => {
    catalog.close();
    other.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('finds a palette written after an earlier search, also by another connection', () => {
    const search = new ColorSearch(catalog);
    const red = { colors: ['#c8102e'] };
    new PaletteRecords(catalog.db).put(PALETTE_VERSION, [
      { contentKey: 'red', colors: [{ hex: '#c8102e', share: 1 }] },
      { contentKey: 'blue', colors: [{ hex: '#1030c8', share: 1 }] },
    ]);
    expect([...search.scores(red).keys()]).toEqual(['red']);
    new PaletteRecords(other.db).put(PALETTE_VERSION, [
      {
        contentKey: 'half-red',
        colors: [
          { hex: '#ffffff', share: 0.5 },
          { hex: '#c8102e', share: 0.5 },
        ],
      },
      // A speck of red (under 5%) does not make an image red.
      {
        contentKey: 'speck',
        colors: [
          { hex: '#ffffff', share: 0.97 },
          { hex: '#c8102e', share: 0.03 },
        ],
      },
    ]);
    const scores = search.scores(red);
    expect([...scores.keys()].sort()).toEqual(['half-red', 'red']);
    expect(scores.get('red')).toBeGreaterThan(scores.get('half-red')!);
    expect(scores.get('half-red')).toBeCloseTo(0.5, 1);
  });

  it('refuses a bad colour and a distance out of range, naming them', () => {
    const search = new ColorSearch(catalog);
    expect(() => search.scores({ colors: ['#c8102g'] })).toThrow(
      new ColorSearchError('Not a colour: "#c8102g". Give a hex colour such as #c8102e.'),
    );
    expect(() => search.scores({ colors: ['#c8102e'], colorDistance: 0 })).toThrow(/above 0 and at most 100, not 0/);
  });
});
