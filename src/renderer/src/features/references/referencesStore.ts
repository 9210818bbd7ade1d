/**
 * The reference tray: the images a generation will take, in order. Its size is
 * the chosen generation model's limit; the generation issue builds on this store.
 *
 * The tray outlives a reload: it is kept in localStorage under the library's data
 * folder (two libraries do not share a tray), and restored once the library says
 * which folder that is. A restored entry whose image can no longer be shown (the
 * file was deleted, or its folder left the library) is dropped.
 */
import { create } from 'zustand';
import { GENERATION_MODELS } from '../../../../shared/imageModels';
import type { GenerationModel } from '../../../../shared/types';
import { api, thumbnailUrl } from '../../api/client';
import { errorMessage, fileName } from '../../lib/format';
import { fileToBase64 } from '../../lib/readFile';
import { useLibrary } from '../library/libraryStore';
import { useSettings } from '../settings/settingsStore';

interface ReferencesState {
  paths: string[];
  /** The names dropped files came with: an upload is stored under its content's hash, not its name. */
  names: Record<string, string>;
  /** Adds a result at `at` (default: the end); false when it is full or already there. */
  referenceDropped: (path: string, at?: number) => boolean;
  referenceMoved: (from: number, to: number) => void;
  referenceRemoved: (path: string) => void;
  /** Image files dropped from the desktop: uploaded (a page cannot know their paths), then added at `at`. */
  filesDropped: (files: File[], at?: number) => Promise<void>;
  /**
   * Several results at once (a selection), from `at`: as many as the tray takes; the tray names
   * those left out. Returns how many went in.
   */
  referencesAdded: (paths: readonly string[], at?: number) => number;
  /** Something was dropped on the tray while it was full: say so rather than ignore it. */
  fullTrayDropped: (names: string[]) => void;
  /** Why the last drop of files did not go in, if it did not. */
  dropError: string | null;
}

const FALLBACK_MODEL: GenerationModel = GENERATION_MODELS[0]!;
const STORAGE_PREFIX = 'atelier.references:';
/** The names of dropped files are kept beside the tray, under this prefix and the same data folder. */
const NAMES_PREFIX = 'atelier.referenceNames:';

export function generationModel(id: string | undefined): GenerationModel {
  return GENERATION_MODELS.find((m) => m.id === id) ?? FALLBACK_MODEL;
}

/** The name a reference is shown by. */
export function referenceName(path: string, names: Record<string, string>): string {
  return names[path] ?? fileName(path);
}

export const useReferences = create<ReferencesState>()((set, get) => ({
  paths: [],
  names: {},

  referenceDropped(path, at) {
    const { paths } = get();
    const limit = generationModel(useSettings.getState().view?.generationModel).maxReferences;
    if (paths.includes(path) || paths.length >= limit) return false;
    const index = at === undefined ? paths.length : Math.max(0, Math.min(at, paths.length));
    set({ paths: [...paths.slice(0, index), path, ...paths.slice(index)] });
    return true;
  },

  referenceMoved(from, to) {
    const paths = [...get().paths];
    const [moved] = paths.splice(from, 1);
    if (moved === undefined) return;
    paths.splice(Math.max(0, Math.min(to, paths.length)), 0, moved);
    set({ paths });
  },

  referenceRemoved: (path) => set({ paths: get().paths.filter((p) => p !== path) }),

  referencesAdded(paths, at) {
    const fresh = paths.filter((p) => !get().paths.includes(p));
    const model = generationModel(useSettings.getState().view?.generationModel);
    const room = Math.max(0, model.maxReferences - get().paths.length);
    const taken = fresh.slice(0, room);
    const index = at === undefined ? get().paths.length : Math.max(0, Math.min(at, get().paths.length));
    const current = get().paths;
    set({ paths: [...current.slice(0, index), ...taken, ...current.slice(index)], dropError: null });
    const left = fresh.slice(room);
    if (left.length > 0) {
      const names = left.map((p) => referenceName(p, get().names));
      set({
        dropError: `${names.join(', ')} ${left.length === 1 ? 'was' : 'were'} not added: ${model.name} takes up to ${model.maxReferences} references.`,
      });
    }
    return taken.length;
  },

  dropError: null,
  fullTrayDropped(names) {
    const limit = generationModel(useSettings.getState().view?.generationModel).maxReferences;
    const what = names.length === 0 ? 'Nothing' : names.join(', ');
    set({ dropError: `${what} was not added: the tray is full (${limit} of ${limit}); remove one to add another.` });
  },
  async filesDropped(files, at) {
    const images = files.filter((f) => f.type.startsWith('image/'));
    if (images.length === 0) {
      set({ dropError: 'Only image files can be references.' });
      return;
    }
    set({ dropError: null });
    let index = at ?? get().paths.length;
    for (const file of images) {
      try {
        const uploaded = await api.search.uploadImage({ name: file.name, base64: await fileToBase64(file) });
        set({ names: { ...get().names, [uploaded.path]: uploaded.name } });
        if (get().referenceDropped(uploaded.path, index)) index++;
      } catch (err) {
        set({ dropError: `${file.name}: ${errorMessage(err)}` });
      }
    }
  },
}));

/** Whether the tray holds as many references as the chosen model takes. */
export function useTrayFull(): boolean {
  const count = useReferences((s) => s.paths.length);
  const limit = generationModel(useSettings((s) => s.view?.generationModel)).maxReferences;
  return count >= limit;
}

/** What a disabled "Add to references" says. */
export const TRAY_FULL = 'The reference tray is full: remove one to add another';

function readSaved(key: string): string[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(key) ?? '[]');
    return Array.isArray(value) ? value.filter((p): p is string => typeof p === 'string') : [];
  } catch {
    return [];
  }
}

function namesKey(trayKey: string): string {
  return NAMES_PREFIX + trayKey.slice(STORAGE_PREFIX.length);
}

function readSavedNames(key: string): Record<string, string> {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(namesKey(key)) ?? '{}');
    if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

/**
 * Whether the image at `path` can still be shown. The renderer cannot look at
 * files; the thumbnail endpoint can, and answers only for files that exist
 * inside the library's folders.
 */
function stillThere(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = new Image();
    probe.onload = () => resolve(true);
    probe.onerror = () => resolve(false);
    probe.src = thumbnailUrl(path);
  });
}

/** Where the tray is kept: known once the library has said which data folder it uses. */
let storageKey: string | null = null;
/** The key being restored now. */
let restoring: string | null = null;

async function restore(key: string): Promise<void> {
  const saved = readSaved(key);
  const present = await Promise.all(saved.map(stillThere));
  const kept = saved.filter((_, i) => present[i]);
  // References added while the check ran stay, after the restored ones.
  const added = useReferences.getState().paths.filter((p) => !kept.includes(p));
  const limit = generationModel(useSettings.getState().view?.generationModel).maxReferences;
  storageKey = key;
  // Saved by the subscription below, now that the key is known.
  useReferences.setState({
    paths: [...kept, ...added].slice(0, Math.max(limit, kept.length)),
    names: { ...readSavedNames(key), ...useReferences.getState().names },
  });
}

function libraryChanged(library: ReturnType<typeof useLibrary.getState>): void {
  if (library.status.kind !== 'ready') return;
  const key = STORAGE_PREFIX + library.status.status.dataDir;
  if (key === storageKey || key === restoring) return;
  restoring = key;
  void restore(key).finally(() => {
    if (restoring === key) restoring = null;
  });
}

libraryChanged(useLibrary.getState());
useLibrary.subscribe(libraryChanged);

useReferences.subscribe((state, before) => {
  if (!storageKey || (state.paths === before.paths && state.names === before.names)) return;
  localStorage.setItem(storageKey, JSON.stringify(state.paths));
  const names = Object.fromEntries(state.paths.flatMap((p) => (state.names[p] ? [[p, state.names[p]]] : [])));
  localStorage.setItem(namesKey(storageKey), JSON.stringify(names));
});
