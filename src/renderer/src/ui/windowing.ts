/** The arithmetic of a windowed grid: which rows are on screen, and where an item sits. */
export interface GridLayout {
  columns: number;
  /** Tile width and height, gap included in neither. */
  tileWidth: number;
  tileHeight: number;
  gap: number;
  rows: number;
  /** The full scrollable height. */
  height: number;
}

export function gridLayout(
  width: number,
  count: number,
  minTile: number,
  gap: number,
  extraHeight: number,
): GridLayout {
  const columns = Math.max(1, Math.floor((width + gap) / (minTile + gap)));
  const tileWidth = Math.max(1, Math.floor((width - gap * (columns - 1)) / columns));
  const tileHeight = tileWidth + extraHeight;
  const rows = Math.ceil(count / columns);
  return { columns, tileWidth, tileHeight, gap, rows, height: Math.max(0, rows * (tileHeight + gap) - gap) };
}

/** The rows to render for a viewport, with `overscan` rows either side. */
export function visibleRows(
  layout: GridLayout,
  scrollTop: number,
  viewportHeight: number,
  overscan = 2,
): { first: number; last: number } {
  const stride = layout.tileHeight + layout.gap;
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
  const top = inset + Math.floor(index / layout.columns) * (layout.tileHeight + layout.gap);
  const bottom = top + layout.tileHeight;
  if (top - inset < scrollTop) return top - inset;
  if (bottom + inset > scrollTop + viewportHeight) return bottom + inset - viewportHeight;
  return null;
}
