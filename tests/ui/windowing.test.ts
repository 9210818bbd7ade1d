/** How the results grid arranges images into rows: justified by aspect ratio, or square, and moving between rows. */
import { describe, expect, it } from 'vitest';
import { itemRowsAway, justifiedLayout, rowOf, squareLayout, visibleRows } from '../../src/renderer/src/ui/windowing';

const rowWidths = (layout: ReturnType<typeof justifiedLayout>, row: number) =>
  Array.from(layout.widths.slice(layout.rowStarts[row], layout.rowStarts[row + 1]));
const filled = (layout: ReturnType<typeof justifiedLayout>, row: number) =>
  rowWidths(layout, row).reduce((a, b) => a + b, 0) + layout.gap * (rowWidths(layout, row).length - 1);

describe('justifiedLayout', () => {
  // Wide, tall and square images in a fixed pattern.
  const aspects = [1.5, 0.66, 1, 2, 0.75, 1.33, 1, 1.78, 0.56, 1.2];
  const aspectOf = (i: number) => aspects[i % aspects.length]!;

  it('fills every row but the last exactly to the width, in equal-height rows, keeping the order', () => {
    const layout = justifiedLayout(1000, 200, aspectOf, 160, 12, 24);
    expect(layout.rows).toBeGreaterThan(20);
    expect(layout.rowStarts[0]).toBe(0);
    expect(layout.rowStarts[layout.rows]).toBe(200);
    for (let row = 0; row < layout.rows - 1; row++) expect(filled(layout, row)).toBe(1000);
    expect(filled(layout, layout.rows - 1)).toBeLessThanOrEqual(1000);
    expect(layout.rowHeight).toBe(184);
    expect(layout.height).toBe(layout.rows * 196 - 12);
  });

  it('gives each image a width that follows its aspect ratio, within what filling the row stretched', () => {
    const layout = justifiedLayout(1000, 200, aspectOf, 160, 12, 24);
    for (let row = 0; row < layout.rows - 1; row++) {
      const start = layout.rowStarts[row]!;
      const widths = rowWidths(layout, row);
      const scales = widths.map((w, k) => w / (160 * aspectOf(start + k)));
      // One scale for the whole row (up to the pixel each width was rounded to).
      for (const scale of scales) expect(Math.abs(scale - scales[0]!)).toBeLessThan(0.03);
      expect(scales[0]).toBeGreaterThan(1 / 1.35);
      expect(scales[0]).toBeLessThan(1.35);
    }
  });

  it('lays out 100,000 images into rows whose starts find any image’s row', () => {
    const layout = justifiedLayout(1400, 100_000, aspectOf, 140, 12, 24);
    expect(layout.rowStarts[layout.rows]).toBe(100_000);
    for (const index of [0, 1, 4_999, 50_000, 99_999]) {
      const row = rowOf(layout, index);
      expect(layout.rowStarts[row]!).toBeLessThanOrEqual(index);
      expect(layout.rowStarts[row + 1]!).toBeGreaterThan(index);
    }
    const { first, last } = visibleRows(layout, 1_000_000, 800);
    expect(last - first).toBeLessThan(12);
  });

  it('fits one image wider than the row into it', () => {
    const layout = justifiedLayout(200, 1, () => 3, 160, 12, 24);
    expect(layout.rows).toBe(1);
    expect(layout.widths[0]).toBeLessThanOrEqual(200);
  });
});

describe('squareLayout and moving between rows', () => {
  it('makes rows of as many square tiles as fit', () => {
    const layout = squareLayout(1000, 23, 148, 12, 24);
    expect(rowWidths(layout, 0)).toEqual(Array(6).fill(156));
    expect(layout.rows).toBe(4);
    expect(layout.imageHeight).toBe(156);
  });

  it('moves up and down to the nearest image across, and stops at the first and last rows', () => {
    const layout = squareLayout(1000, 23, 148, 12, 24);
    expect(itemRowsAway(layout, 2, 1)).toBe(8);
    expect(itemRowsAway(layout, 8, -1)).toBe(2);
    expect(itemRowsAway(layout, 2, -1)).toBe(2);
    expect(itemRowsAway(layout, 17, 1)).toBe(22);
    expect(itemRowsAway(layout, 2, 10)).toBe(20);
  });

  it('moves between justified rows by where an image lies across, not by its position in the row', () => {
    // Row 0: one wide image (0–750) and one narrow (750–1000); row 1, shrunk to fit: two narrow (0–200,
    // 200–400) and one wide (400–1000).
    const aspects = [3, 1, 1, 1, 3];
    const layout = justifiedLayout(1000, 5, (i) => aspects[i]!, 250, 0, 0);
    expect(Array.from(layout.rowStarts)).toEqual([0, 2, 5]);
    expect(itemRowsAway(layout, 1, 1)).toBe(4);
    expect(itemRowsAway(layout, 0, 1)).toBe(3);
    expect(itemRowsAway(layout, 4, -1)).toBe(0);
    expect(itemRowsAway(layout, 2, -1)).toBe(0);
  });
});
