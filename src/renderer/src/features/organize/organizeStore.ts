/**
 * What is attached to the active image (tags, rating, note) and the tags in use
 * as suggestions. Every change names the image it is for, so a key pressed on
 * one result never lands on another that loaded meanwhile.
 */
import { create } from 'zustand';
import type { ImageMarks, TagCount } from '../../../../shared/organize';
import { api } from '../../api/client';
import { errorMessage } from '../../lib/format';

export type MarksView =
  | { kind: 'none' }
  | { kind: 'loading'; path: string }
  | { kind: 'ready'; path: string; marks: ImageMarks }
  /** The image is not in the library (an upload, say): nothing can be attached. */
  | { kind: 'absent'; path: string };

interface OrganizeState {
  view: MarksView;
  suggestions: TagCount[];
  /** The last refusal ("A tag cannot contain a comma…"), until the next change. */
  error: string | null;

  imageShown: (path: string | null) => Promise<void>;
  tagAdded: (path: string, tag: string) => Promise<boolean>;
  tagRemoved: (path: string, tag: string) => Promise<void>;
  ratingChosen: (path: string, rating: number) => Promise<void>;
  noteEdited: (path: string, note: string) => Promise<void>;
  suggestionsWanted: () => Promise<void>;
  /** Marks were changed elsewhere (a batch on a selection): the image shown reloads if it was among `paths`. */
  marksChanged: (paths: readonly string[]) => Promise<void>;
}

export const useOrganize = create<OrganizeState>()((set, get) => {
  const reload = async (path: string) => {
    const marks = await api.organize.marks({ path });
    const current = get().view;
    // Another image was shown meanwhile: this answer is no longer wanted.
    if (current.kind === 'none' || current.path !== path) return;
    set({ view: marks ? { kind: 'ready', path, marks } : { kind: 'absent', path } });
  };
  /** Runs a change, then shows the image's marks and the suggestions as they now are. */
  const change = async (path: string, run: () => Promise<unknown>): Promise<boolean> => {
    try {
      await run();
      set({ error: null });
      await Promise.all([reload(path), get().suggestionsWanted()]);
      return true;
    } catch (err) {
      set({ error: errorMessage(err) });
      return false;
    }
  };

  return {
    view: { kind: 'none' },
    suggestions: [],
    error: null,

    async imageShown(path) {
      if (!path) {
        set({ view: { kind: 'none' }, error: null });
        return;
      }
      const view = get().view;
      if (view.kind !== 'none' && view.path === path) return;
      set({ view: { kind: 'loading', path }, error: null });
      try {
        await reload(path);
      } catch (err) {
        set({ error: errorMessage(err) });
      }
    },
    tagAdded: (path, tag) => change(path, () => api.organize.addTag({ tag, paths: [path] })),
    tagRemoved: async (path, tag) => {
      await change(path, () => api.organize.removeTag({ tag, paths: [path] }));
    },
    ratingChosen: async (path, rating) => {
      await change(path, () => api.organize.rate({ rating, paths: [path] }));
    },
    noteEdited: async (path, note) => {
      await change(path, () => api.organize.setNote({ path, note }));
    },
    async marksChanged(paths) {
      const view = get().view;
      try {
        if (view.kind !== 'none' && paths.includes(view.path)) await reload(view.path);
      } catch (err) {
        set({ error: errorMessage(err) });
      }
      await get().suggestionsWanted();
    },
    async suggestionsWanted() {
      try {
        set({ suggestions: await api.organize.tags({}) });
      } catch {
        // Suggestions are a help, not a need: the field works without them.
      }
    },
  };
});

/** The digit keys 0–5 rate the active result. */
export function ratingKey(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): number | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  return /^[0-5]$/.test(event.key) ? Number(event.key) : null;
}

/** The id of the tag field, which `T` on the results focuses. */
export const TAG_FIELD_ID = 'organize-tag-field';
