/**
 * The reference tray: the images a generation will take, in order. Its size is
 * the chosen generation model's limit; the generation issue builds on this store.
 */
import { create } from 'zustand';
import { GENERATION_MODELS, type GenerationModel } from '../../../../shared/types';
import { api } from '../../api/client';
import { errorMessage } from '../../lib/format';
import { fileToBase64 } from '../../lib/readFile';
import { useSettings } from '../settings/settingsStore';

interface ReferencesState {
  paths: string[];
  /** Adds a result at `at` (default: the end); false when it is full or already there. */
  referenceDropped: (path: string, at?: number) => boolean;
  referenceMoved: (from: number, to: number) => void;
  referenceRemoved: (path: string) => void;
  /** Image files dropped from the desktop: uploaded (a page cannot know their paths), then added at `at`. */
  filesDropped: (files: File[], at?: number) => Promise<void>;
  /** Why the last drop of files did not go in, if it did not. */
  dropError: string | null;
}

const FALLBACK_MODEL: GenerationModel = GENERATION_MODELS[0]!;

export function generationModel(id: string | undefined): GenerationModel {
  return GENERATION_MODELS.find((m) => m.id === id) ?? FALLBACK_MODEL;
}

export const useReferences = create<ReferencesState>()((set, get) => ({
  paths: [],

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

  dropError: null,
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
        if (get().referenceDropped(uploaded.path, index)) index++;
      } catch (err) {
        set({ dropError: `${file.name}: ${errorMessage(err)}` });
      }
    }
  },
}));
