/**
 * Stacks in the grid: a cover shows "+N"; opening it lays its members out
 * right after it, in place, until it is closed or the stack is undone.
 * Stacking and unstacking change what the grid lists, so the listing on
 * screen (the library browsed, or the search) is asked for again.
 */
import { create } from 'zustand';
import type { LibraryImage } from '../../../../shared/browse';
import { api } from '../../api/client';
import { errorMessage } from '../../lib/format';
import { useBrowse } from '../browse/browseStore';
import { useResultsUi } from '../results/resultsStore';
import { useSearch } from '../search/searchStore';

interface StacksState {
  /** Per open cover, its other members, as the grid lays them out after it. */
  open: Record<string, LibraryImage[]>;
  stackToggled: (cover: string) => Promise<void>;
  /** Both reject with the core's reason: the screen that asked says it. */
  stacked: (cover: string, others: readonly string[]) => Promise<void>;
  unstacked: (member: string) => Promise<void>;
}

/** The grid's listing again: the library browsed, or the search on screen. */
export async function listingChanged(): Promise<void> {
  if (useSearch.getState().run.kind === 'idle') await useBrowse.getState().browseRequested();
  else await useSearch.getState().searchSubmitted();
}

export const useStacks = create<StacksState>()((set, get) => ({
  open: {},

  async stackToggled(cover) {
    const { [cover]: shown, ...rest } = get().open;
    if (shown) {
      set({ open: rest });
      return;
    }
    try {
      const stack = await api.organize.stackOf({ path: cover });
      if (!stack) return;
      set({ open: { ...get().open, [cover]: stack.members.filter((m) => m.path !== cover) } });
    } catch (err) {
      useResultsUi.getState().toastShown(errorMessage(err));
    }
  },

  async stacked(cover, others) {
    await api.organize.stack({ cover, paths: [...others] });
    const { [cover]: _was, ...rest } = get().open;
    set({ open: rest });
    await listingChanged();
  },

  async unstacked(member) {
    const { cover } = await api.organize.unstack({ path: member });
    const { [cover]: _was, ...rest } = get().open;
    set({ open: rest });
    await listingChanged();
  },
}));
