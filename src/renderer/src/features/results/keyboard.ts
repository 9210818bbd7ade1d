/** Where a key moves the active result in a grid laid out as `layout` (rows of any number of items). */
import { type GridLayout, itemRowsAway } from '../../ui/windowing';

export function nextIndex(
  key: string,
  index: number,
  count: number,
  layout: GridLayout,
  pageRows: number,
): number | null {
  const last = count - 1;
  switch (key) {
    case 'ArrowRight':
      return Math.min(last, index + 1);
    case 'ArrowLeft':
      return Math.max(0, index - 1);
    case 'ArrowDown':
      return itemRowsAway(layout, index, 1);
    case 'ArrowUp':
      return itemRowsAway(layout, index, -1);
    case 'PageDown':
      return itemRowsAway(layout, index, pageRows);
    case 'PageUp':
      return itemRowsAway(layout, index, -pageRows);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}
