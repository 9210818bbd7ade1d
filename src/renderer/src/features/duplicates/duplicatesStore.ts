/**
 * The duplicate review: the groups at the similarity the user chose, which
 * image of each group to keep (the largest, until another is picked), and the
 * groups dealt with. "Keep all" only sets a group aside on this screen; "Stack"
 * shows only the kept image in browse and search, the others behind it; moving
 * the others to the trash asks first, then the files leave the library.
 */
import { create } from 'zustand';
import type { ReviewGroup } from '../../../../shared/organize';
import { api } from '../../api/client';
import { errorMessage, fileName, plural } from '../../lib/format';
import { useLibrary } from '../library/libraryStore';
import { useStacks } from '../stacks/stacksStore';

/** The threshold the review opens at: the one `atelier duplicates` uses. */
export const DEFAULT_THRESHOLD = 0.985;

export type Review =
  | { kind: 'loading'; done?: number; total?: number }
  | { kind: 'ready'; groups: ReviewGroup[] }
  | { kind: 'failed'; message: string };

interface DuplicatesState {
  open: boolean;
  threshold: number;
  review: Review;
  /** Per group (by `groupKey`), the image kept. */
  keepers: Record<string, string>;
  /** Groups set aside ("Keep all") or trashed, by `groupKey`. */
  done: Record<string, string>;
  /** The last refusal or failure, shown at the top. */
  error: string | null;

  reviewOpened: () => Promise<void>;
  reviewClosed: () => void;
  thresholdChanged: (threshold: number) => Promise<void>;
  keeperChosen: (key: string, path: string) => void;
  allKept: (key: string) => void;
  othersTrashed: (key: string) => Promise<void>;
  groupStacked: (key: string) => Promise<void>;
  groupUnstacked: (key: string) => Promise<void>;
}

/** A group is known by its first path: sorted, and a path is in one group at a time. */
export const groupKey = (group: ReviewGroup): string => group.images[0]?.path ?? '';

/** The image kept unless the user picks another: a stacked group's cover, else the most pixels, then the largest file. */
export function defaultKeeper(group: ReviewGroup): string {
  if (group.stack) return group.stack.cover;
  const best = [...group.images].sort((a, b) => b.width * b.height - a.width * a.height || b.bytes - a.bytes)[0];
  return best?.path ?? '';
}

let seq = 0;

export const useDuplicates = create<DuplicatesState>()((set, get) => {
  const load = async () => {
    const mine = ++seq;
    set({ review: { kind: 'loading' } });
    const stopListening = api.on('organize.duplicatesProgress', ({ done, total }) => {
      if (mine === seq) set({ review: { kind: 'loading', done, total } });
    });
    try {
      const { groups } = await api.organize.duplicates({ threshold: get().threshold });
      if (mine === seq) set({ review: { kind: 'ready', groups } });
    } catch (err) {
      if (mine === seq) set({ review: { kind: 'failed', message: errorMessage(err) } });
    } finally {
      stopListening();
    }
  };

  const groupOf = (key: string) => {
    const review = get().review;
    return review.kind === 'ready' ? review.groups.find((g) => groupKey(g) === key) : undefined;
  };

  return {
    open: false,
    threshold: DEFAULT_THRESHOLD,
    review: { kind: 'loading' },
    keepers: {},
    done: {},
    error: null,

    async reviewOpened() {
      set({ open: true, done: {}, keepers: {}, error: null });
      await load();
    },
    reviewClosed: () => set({ open: false }),
    async thresholdChanged(threshold) {
      set({ threshold });
      await load();
    },
    keeperChosen: (key, path) => set({ keepers: { ...get().keepers, [key]: path } }),
    allKept: (key) => set({ done: { ...get().done, [key]: 'Kept all' } }),
    async groupStacked(key) {
      const group = groupOf(key);
      if (!group) return;
      const keep = get().keepers[key] ?? defaultKeeper(group);
      try {
        await useStacks.getState().stacked(
          keep,
          group.images.map((i) => i.path).filter((p) => p !== keep),
        );
        set({ done: { ...get().done, [key]: `Stacked under ${fileName(keep)}` }, error: null });
      } catch (err) {
        set({ error: errorMessage(err) });
      }
    },
    async groupUnstacked(key) {
      const group = groupOf(key);
      if (!group) return;
      try {
        await useStacks.getState().unstacked(group.stack?.cover ?? key);
        set({ done: { ...get().done, [key]: 'Unstacked: each image shows on its own' }, error: null });
      } catch (err) {
        set({ error: errorMessage(err) });
      }
    },
    async othersTrashed(key) {
      const group = groupOf(key);
      if (!group) return;
      const keep = get().keepers[key] ?? defaultKeeper(group);
      const others = group.images.map((i) => i.path).filter((p) => p !== keep);
      try {
        const { moved } = await api.organize.moveToTrash({ paths: others });
        set({
          done: { ...get().done, [key]: `${plural(moved.length, 'file', 'files')} moved to the trash` },
          error: null,
        });
      } catch (err) {
        set({ error: errorMessage(err) });
      }
      // The library lost files: its counts and the grid follow.
      await useLibrary.getState().statusRequested();
    },
  };
});
