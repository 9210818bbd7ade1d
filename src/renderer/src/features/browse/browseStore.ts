/**
 * Browsing the library without a query: the images of the folder chosen (all
 * of the library when none), in the order chosen, loaded a page at a time as
 * the grid nears its end; and the folder tree with counts. The folder is the
 * search's folder filter, so a query made while browsing a folder searches it.
 */
import { create } from 'zustand';
import type { FolderNode, LibraryImage } from '../../../../shared/browse';
import { type BrowseSort, defaultOrder, type SortOrder } from '../../../../shared/browse';
import { api } from '../../api/client';
import { errorMessage } from '../../lib/format';
import { reordered } from '../collections/collectionOrder';
import { useLibrary } from '../library/libraryStore';
import { useSearch } from '../search/searchStore';
import { holds } from './folderPath';
import { loadSortChoice, newSeed, saveSortChoice, type SortChoice } from './sortChoice';

export const PAGE_SIZE = 200;

export type Listing =
  | { kind: 'loading'; key: string }
  | { kind: 'ready'; key: string; images: LibraryImage[]; total: number; loadingMore: boolean }
  | { kind: 'failed'; key: string; message: string };

interface BrowseState {
  choice: SortChoice;
  listing: Listing;
  tree: FolderNode[];

  browseRequested: () => Promise<void>;
  folderChosen: (folder: string | null) => Promise<void>;
  sortChosen: (sort: BrowseSort) => Promise<void>;
  orderChosen: (order: SortOrder) => Promise<void>;
  shuffleRequested: () => Promise<void>;
  endApproached: () => Promise<void>;
  /**
   * In a collection's view: puts `moving` just before `before` (at the end when null), on screen at
   * once and then in the catalog; a refusal puts the saved order back and is returned.
   */
  collectionReordered: (moving: readonly string[], before: string | null) => Promise<string | null>;
}

const currentFolder = (): string | null => useSearch.getState().filters.folder;
const currentCollection = (): string | null => useSearch.getState().filters.collection;

/** The filter bar's tag, untagged and rating filters, as the browse request takes them. */
function marksFilter(): { tags?: string[]; untagged?: boolean; minRating?: number } {
  const { tag, untagged, minRating } = useSearch.getState().filters;
  return {
    ...(tag ? { tags: [tag] } : {}),
    ...(untagged ? { untagged: true } : {}),
    ...(minRating ? { minRating } : {}),
  };
}

/** What a listing shows: a new key means a new listing (the grid goes back to its top). */
function listingKey(folder: string | null, collection: string | null, { sort, order, seed }: SortChoice): string {
  // A collection is listed in its own order: the sort does not change it.
  if (collection !== null) return JSON.stringify(['collection', collection.toLowerCase()]);
  return JSON.stringify([folder, sort, order, sort === 'random' ? seed : 0, marksFilter()]);
}

let seq = 0;

export const useBrowse = create<BrowseState>()((set, get) => {
  const request = (offset: number) => {
    const collection = currentCollection();
    if (collection !== null) return api.organize.collectionPage({ name: collection, limit: PAGE_SIZE, offset });
    const folder = currentFolder();
    const { sort, order, seed } = get().choice;
    return api.library.browse({
      ...(folder ? { folder } : {}),
      ...marksFilter(),
      sort,
      order,
      seed,
      limit: PAGE_SIZE,
      offset,
    });
  };

  const choiceChanged = async (choice: SortChoice) => {
    saveSortChoice(choice);
    set({ choice });
    await get().browseRequested();
  };

  return {
    choice: loadSortChoice(),
    listing: { kind: 'loading', key: '' },
    tree: [],

    async browseRequested() {
      const mine = ++seq;
      const key = listingKey(currentFolder(), currentCollection(), get().choice);
      // The same listing again (the library changed): its images stay on screen until the new page comes.
      if (get().listing.key !== key) set({ listing: { kind: 'loading', key } });
      try {
        const [page, tree] = await Promise.all([request(0), api.library.folders({})]);
        if (mine !== seq) return;
        set({ listing: { kind: 'ready', key, images: page.results, total: page.total, loadingMore: false }, tree });
      } catch (err) {
        if (mine === seq) set({ listing: { kind: 'failed', key, message: errorMessage(err) } });
      }
    },

    async folderChosen(folder) {
      await useSearch.getState().filtersChanged({ folder, collection: null });
    },

    sortChosen: (sort) => choiceChanged({ ...get().choice, sort, order: defaultOrder(sort) }),
    orderChosen: (order) => choiceChanged({ ...get().choice, order }),
    shuffleRequested: () => choiceChanged({ ...get().choice, sort: 'random', seed: newSeed() }),

    async collectionReordered(moving, before) {
      const collection = currentCollection();
      const listing = get().listing;
      if (collection === null || listing.kind !== 'ready') return null;
      set({ listing: { ...listing, images: reordered(listing.images, moving, before) } });
      try {
        await api.organize.reorderCollection({ name: collection, paths: [...moving], before });
        return null;
      } catch (err) {
        await get().browseRequested();
        return errorMessage(err);
      }
    },

    async endApproached() {
      const listing = get().listing;
      if (listing.kind !== 'ready' || listing.loadingMore || listing.images.length >= listing.total) return;
      const mine = seq;
      set({ listing: { ...listing, loadingMore: true } });
      try {
        const page = await request(listing.images.length);
        const now = get().listing;
        if (mine !== seq || now.kind !== 'ready') return;
        set({ listing: { ...now, images: [...now.images, ...page.results], total: page.total, loadingMore: false } });
      } catch (err) {
        if (mine === seq) set({ listing: { kind: 'failed', key: listing.key, message: errorMessage(err) } });
      }
    },
  };
});

/**
 * Browses again when the folder filter changes, and when the library's files or folders change
 * (indexing moved on, a folder was removed); returns the unsubscribe.
 */
export function subscribeBrowse(): () => void {
  const { browseRequested } = useBrowse.getState();
  const libraryShape = (s: ReturnType<typeof useLibrary.getState>) =>
    s.status.kind === 'ready' ? `${s.status.status.files}|${s.status.status.folders.map((f) => f.path).join('|')}` : '';
  const stops = [
    useSearch.subscribe((s, before) => {
      const { folder, collection, tag, untagged, minRating } = s.filters;
      const was = before.filters;
      if (
        folder !== was.folder ||
        collection !== was.collection ||
        tag !== was.tag ||
        untagged !== was.untagged ||
        minRating !== was.minRating
      ) {
        void browseRequested();
      }
    }),
    useLibrary.subscribe((s, before) => {
      if (libraryShape(s) === libraryShape(before)) return;
      // The folder being browsed left the library (it was removed): back to all of it.
      const folder = currentFolder();
      const roots = s.status.kind === 'ready' ? s.status.status.folders.map((f) => f.path) : null;
      if (folder && roots && !roots.some((root) => holds(root, folder))) {
        void useBrowse.getState().folderChosen(null);
      } else {
        void browseRequested();
      }
    }),
  ];
  void browseRequested();
  return () => stops.forEach((stop) => stop());
}
