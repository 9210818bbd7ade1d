/**
 * The collections in the sidebar: their names and sizes, and what is done to
 * them. Opening one makes it the grid's source (browse lists it in its order)
 * and a filter on searches; every change reloads the list, so another
 * process's changes show up at the next one.
 */
import { create } from 'zustand';
import type { CollectionSummary } from '../../../../shared/organize';
import { api } from '../../api/client';
import { errorMessage, plural } from '../../lib/format';
import { useBrowse } from '../browse/browseStore';
import { useOrganize } from '../organize/organizeStore';
import { useReferences } from '../references/referencesStore';
import { useResultsUi } from '../results/resultsStore';
import { useSearch } from '../search/searchStore';

interface CollectionsState {
  list: CollectionSummary[];
  /** The last refusal ("A collection named … already exists."), until the next change. */
  error: string | null;

  collectionsWanted: () => Promise<void>;
  collectionCreated: (name: string) => Promise<boolean>;
  collectionRenamed: (name: string, to: string) => Promise<boolean>;
  collectionDeleted: (name: string) => Promise<void>;
  /** Results were dropped on a collection: they are appended to it. */
  imagesDropped: (name: string, paths: readonly string[]) => Promise<void>;
  /** The collection's images go to the reference tray, as many as it takes, in the collection's order. */
  sentToReferences: (name: string) => Promise<void>;
  /** The collection becomes what the grid shows; null goes back to the whole library. */
  collectionOpened: (name: string | null) => Promise<void>;
}

export const useCollections = create<CollectionsState>()((set, get) => {
  /** Runs a change, then reloads the list; a refusal is kept to be shown. */
  const change = async (run: () => Promise<unknown>): Promise<boolean> => {
    try {
      await run();
      set({ error: null });
      return true;
    } catch (err) {
      set({ error: errorMessage(err) });
      return false;
    } finally {
      await get().collectionsWanted();
    }
  };
  const open = () => useSearch.getState().filters.collection;

  return {
    list: [],
    error: null,

    async collectionsWanted() {
      try {
        set({ list: await api.organize.collections({}) });
      } catch (err) {
        set({ error: errorMessage(err) });
      }
    },
    collectionCreated: (name) => change(() => api.organize.createCollection({ name })),
    async collectionRenamed(name, to) {
      const ok = await change(() => api.organize.renameCollection({ name, to }));
      if (ok && open()?.toLowerCase() === name.toLowerCase()) await get().collectionOpened(to.trim());
      return ok;
    },
    async collectionDeleted(name) {
      const ok = await change(() => api.organize.deleteCollection({ name }));
      if (ok && open()?.toLowerCase() === name.toLowerCase()) await get().collectionOpened(null);
    },
    async imagesDropped(name, paths) {
      let added = 0;
      const ok = await change(async () => {
        added = (await api.organize.addToCollection({ name, paths: [...paths] })).changed;
      });
      if (!ok) return;
      const already = paths.length - added;
      useResultsUi
        .getState()
        .toastShown(
          `${plural(added, 'image', 'images')} added to “${name}”${already > 0 ? ` (${already} already in it)` : ''}`,
        );
      await useOrganize.getState().marksChanged(paths);
      // The collection on screen grew: its listing is read again.
      if (open()?.toLowerCase() === name.toLowerCase()) await useBrowse.getState().browseRequested();
    },
    async sentToReferences(name) {
      await change(async () => {
        const { paths } = await api.organize.collection({ name });
        const added = useReferences.getState().referencesAdded(paths);
        useResultsUi.getState().toastShown(`${plural(added, 'image', 'images')} of “${name}” added to references`);
      });
    },
    async collectionOpened(name) {
      await useSearch
        .getState()
        .filtersChanged(name === null ? { collection: null } : { collection: name, folder: null });
    },
  };
});
