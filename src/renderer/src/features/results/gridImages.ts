/**
 * What the grid shows: the results of a search, or, with no query, the library
 * being browsed. Every part of the results feature reads it from here, so the
 * preview, the menu and the selection bar follow whichever is on screen.
 */
import { useMemo } from 'react';
import { useBrowse } from '../browse/browseStore';
import { holds } from '../browse/folderPath';
import { useLibrary } from '../library/libraryStore';
import { useResults, useSearch } from '../search/searchStore';
import { useStacks } from '../stacks/stacksStore';
import type { GridImage } from './gridImage';

const NONE: GridImage[] = [];

/** Whether the grid shows the library (no query) rather than a search's results. */
export const useBrowsing = (): boolean => useSearch((s) => s.run.kind === 'idle');

export function useGridImages(): GridImage[] {
  const browsing = useBrowsing();
  const searched = useResults();
  const browsed = useBrowse((s) => (s.listing.kind === 'ready' ? s.listing.images : NONE));
  // A folder being removed (its undo still open) is out of the grid already.
  const leaving = useLibrary((s) => s.leaving?.folder ?? null);
  const shown = browsing ? browsed : searched;
  const open = useStacks((s) => s.open);
  return useMemo(() => {
    const kept = leaving ? shown.filter((i) => !holds(leaving, i.path)) : shown;
    return Object.keys(open).length ? withOpenStacks(kept, open) : kept;
  }, [shown, leaving, open]);
}

/** The open stacks' members, each right after its cover (a cover no longer listed as one opens nothing). */
function withOpenStacks(images: GridImage[], open: Record<string, GridImage[]>): GridImage[] {
  return images.flatMap((image) => {
    const members = image.stack ? open[image.path] : undefined;
    return members ? [image, ...members.map((m) => ({ ...m, stackedUnder: image.path }))] : [image];
  });
}

/**
 * Changes when the grid shows another listing (a new search's answer, another folder or order),
 * not when a page of the same listing is appended: the grid then goes back to its top.
 */
export function useListingIdentity(): unknown {
  const browsing = useBrowsing();
  const searched = useResults();
  const key = useBrowse((s) => s.listing.key);
  return browsing ? key : searched;
}

/** Whether the grid's images are about to be replaced: a search or a new listing is on its way (the grid's aria-busy). */
export function useGridBusy(): boolean {
  const browsing = useBrowsing();
  const searching = useSearch((s) => s.run.kind === 'searching' || s.run.kind === 'uploading');
  const loading = useBrowse((s) => s.listing.kind === 'loading');
  return browsing ? loading : searching;
}
