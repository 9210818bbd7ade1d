/** Where a key moves the active result in a grid of `columns` columns. */
export function nextIndex(key: string, index: number, count: number, columns: number, pageRows: number): number | null {
  const last = count - 1;
  switch (key) {
    case 'ArrowRight':
      return Math.min(last, index + 1);
    case 'ArrowLeft':
      return Math.max(0, index - 1);
    case 'ArrowDown':
      return index + columns <= last ? index + columns : index;
    case 'ArrowUp':
      return index - columns >= 0 ? index - columns : index;
    case 'PageDown':
      return Math.min(last, index + columns * pageRows);
    case 'PageUp':
      return Math.max(0, index - columns * pageRows);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}
