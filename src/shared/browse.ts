/**
 * Browsing the library without a query: its images in pages, in the order the
 * user chose, and its folders as a tree with counts. No Node, no Electron, no DOM.
 */

/** How a page of the library is ordered; `random` is a shuffle fixed by a seed, so pages follow on. */
export const BROWSE_SORTS = ['added', 'modified', 'name', 'size', 'random'] as const;
export type BrowseSort = (typeof BROWSE_SORTS)[number];

export type SortOrder = 'asc' | 'desc';

/** The order a sort takes unless told: newest and largest first, names from A. */
export function defaultOrder(sort: BrowseSort): SortOrder {
  return sort === 'name' || sort === 'random' ? 'asc' : 'desc';
}

/** An image of the library as a page lists it. Paths are absolute; times in ms since the epoch. */
export interface LibraryImage {
  path: string;
  width: number;
  height: number;
  format: string;
  bytes: number;
  modifiedMs: number;
  /** When the file entered the library (a changed or moved file keeps it). */
  addedMs: number;
  /** A stack's cover: how many images it hides. */
  stack?: StackBadge;
}

/** On a stack's cover in browse and search results: how many images are stacked behind it. */
export interface StackBadge {
  count: number;
}

/** One page, and how many images the whole listing has. */
export interface BrowsePage {
  total: number;
  results: LibraryImage[];
}

/** A folder of the library, nested as on disk; `count` takes in its subfolders' images. */
export interface FolderNode {
  path: string;
  name: string;
  count: number;
  children: FolderNode[];
}
