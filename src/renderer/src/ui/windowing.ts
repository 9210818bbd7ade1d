/**
 * The arithmetic of a windowed grid: rows of equal height, each holding a run
 * of items at their own widths (a square grid's are all one width; a justified
 * grid's follow each image's aspect ratio). Rows are equal in height, so which
 * rows are on screen is a division, however many items there are; where each
 * row starts is kept in a typed array, so 100,000 items cost two small arrays.
 */
export interface GridLayout {
  /** How many rows, and the first item of each (`rowStarts[rows]` is the item count). */
  rows: number;
  rowStarts: Int32Array;
  /** Each item's width, gap included in none. */
  widths: Float32Array;
  /** A row's height (image and caption) and an image's height. */
  rowHeight: number;
  imageHeight: number;
  gap: number;
  /** The full scrollable height. */
  height: number;
}

/** An item's aspect ratio (width / height), kept within bounds so a panorama or a sliver stays a tile. */
export type AspectOf = (index: number) => number;

const MIN_ASPECT = 0.4;
const MAX_ASPECT = 3;
/** A justified row is stretched or shrunk to the width by at most this factor; a row further off stays ragged. */
const MAX_STRETCH = 1.35;

function finish(
  rowStarts: number[],
  widths: Float32Array,
  imageHeight: number,
  caption: number,
  gap: number,
): GridLayout {
  const rows = rowStarts.length - 1;
  const rowHeight = imageHeight + caption;
  return {
    rows,
    rowStarts: Int32Array.from(rowStarts),
    widths,
    rowHeight,
    imageHeight,
    gap,
    height: Math.max(0, rows * (rowHeight + gap) - gap),
  };
}

/** Square tiles at least `minTile` wide, as many a row as fit, widened to fill it. */
export function squareLayout(width: number, count: number, minTile: number, gap: number, caption: number): GridLayout {
  const columns = Math.max(1, Math.floor((width + gap) / (minTile + gap)));
  const tile = Math.max(1, Math.floor((width - gap * (columns - 1)) / columns));
  const starts: number[] = [];
  for (let i = 0; i < count; i += columns) starts.push(i);
  starts.push(count);
  return finish(starts, new Float32Array(count).fill(tile), tile, caption, gap);
}

/**
 * Justified rows `rowHeight` tall (images only): items are taken in order while they fit at
 * their aspect ratio, then the row's widths are scaled to fill it exactly (the image is
 * cropped by what it was stretched), unless that would stretch it beyond MAX_STRETCH (the
 * last row, a row of one wide image), which then keeps its natural widths.
 */
export function justifiedLayout(
  width: number,
  count: number,
  aspectOf: AspectOf,
  rowHeight: number,
  gap: number,
  caption: number,
): GridLayout {
  const widths = new Float32Array(count);
  const starts: number[] = [];
  const room = Math.max(1, width);
  let start = 0;
  while (start < count) {
    let natural = 0;
    let end = start;
    // Take items while the row, gaps included, is narrower than the width.
    while (end < count) {
      const w = rowHeight * Math.min(MAX_ASPECT, Math.max(MIN_ASPECT, aspectOf(end) || 1));
      const used = natural + w + gap * (end - start);
      if (end > start && used > room) {
        // One more overfills: take it anyway if the row comes closer to the width with it.
        const without = room - (natural + gap * (end - start - 1));
        if (used - room < without) {
          widths[end] = w;
          natural += w;
          end++;
        }
        break;
      }
      widths[end] = w;
      natural += w;
      end++;
    }
    const free = room - gap * (end - start - 1);
    const scale = free / natural;
    if (scale <= MAX_STRETCH && scale >= 1 / MAX_STRETCH) {
      // Whole pixels, the rounding left over given to the last item, so the row ends flush.
      let used = 0;
      for (let i = start; i < end - 1; i++) {
        widths[i] = Math.floor(widths[i]! * scale);
        used += widths[i]!;
      }
      widths[end - 1] = Math.max(1, Math.floor(free - used));
    } else if (scale < 1) {
      // A single item wider than the row: it fits the row.
      for (let i = start; i < end; i++) widths[i] = Math.floor(widths[i]! * scale);
    }
    starts.push(start);
    start = end;
  }
  starts.push(count);
  return finish(starts, widths, rowHeight, caption, gap);
}

/** The row holding `index`. */
export function rowOf(layout: GridLayout, index: number): number {
  let low = 0;
  let high = layout.rows - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (layout.rowStarts[mid]! <= index) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** Where an item's middle is across its row. */
function middleOf(layout: GridLayout, index: number): number {
  let x = 0;
  for (let i = layout.rowStarts[rowOf(layout, index)]!; i < index; i++) x += layout.widths[i]! + layout.gap;
  return x + layout.widths[index]! / 2;
}

/** The item of `row` nearest across to `x`. */
function nearestIn(layout: GridLayout, row: number, x: number): number {
  const end = layout.rowStarts[row + 1]!;
  let left = 0;
  for (let i = layout.rowStarts[row]!; i < end; i++) {
    const right = left + layout.widths[i]!;
    if (x < right + layout.gap / 2 || i === end - 1) return i;
    left = right + layout.gap;
  }
  return end - 1;
}

/** The item `rows` rows below (above when negative) `index`, nearest across; the first or last row at the ends. */
export function itemRowsAway(layout: GridLayout, index: number, rows: number): number {
  if (layout.rows === 0) return index;
  const target = Math.max(0, Math.min(layout.rows - 1, rowOf(layout, index) + rows));
  return nearestIn(layout, target, middleOf(layout, index));
}

/** The rows to render for a viewport, with `overscan` rows either side. */
export function visibleRows(
  layout: GridLayout,
  scrollTop: number,
  viewportHeight: number,
  overscan = 2,
): { first: number; last: number } {
  const stride = layout.rowHeight + layout.gap;
  const first = Math.max(0, Math.floor(scrollTop / stride) - overscan);
  const last = Math.min(layout.rows - 1, Math.ceil((scrollTop + viewportHeight) / stride) + overscan);
  return { first, last };
}

/**
 * The scrollTop that brings an item's row fully into view with `inset` pixels
 * around it (the scroller's padding), or null when it already is in view.
 */
export function scrollToReveal(
  layout: GridLayout,
  index: number,
  scrollTop: number,
  viewportHeight: number,
  inset = 0,
): number | null {
  const top = inset + rowOf(layout, index) * (layout.rowHeight + layout.gap);
  const bottom = top + layout.rowHeight;
  if (top - inset < scrollTop) return top - inset;
  if (bottom + inset > scrollTop + viewportHeight) return bottom + inset - viewportHeight;
  return null;
}
