/**
 * Two selected results side by side: the selection bar's Compare and the C key ask for it
 * (the preview compares the first in grid order on the left with the second).
 */
import { usePreview } from '../preview/previewStore';
import type { GridImage } from '../results/gridImage';

/** The two images to compare, in grid order, when exactly two are selected; else null. */
export function comparablePair(
  images: readonly GridImage[],
  selected: ReadonlySet<string>,
): [GridImage, GridImage] | null {
  if (selected.size !== 2) return null;
  const pair = images.filter((image) => selected.has(image.path));
  return pair.length === 2 ? [pair[0]!, pair[1]!] : null;
}

export function compareSelected(images: readonly GridImage[], selected: ReadonlySet<string>): boolean {
  const pair = comparablePair(images, selected);
  if (pair) usePreview.getState().compareOpened(...pair);
  return pair !== null;
}
