/**
 * The reference tray: the images a generation will take, in order. Its size is
 * the chosen generation model's limit; the generation issue builds on this store.
 */
import { create } from 'zustand';
import { GENERATION_MODELS, type GenerationModel } from '../../../../shared/types';
import { useSettings } from '../settings/settingsStore';

interface ReferencesState {
  paths: string[];
  /** Adds a result at `at` (default: the end); false when it is full or already there. */
  referenceDropped: (path: string, at?: number) => boolean;
  referenceMoved: (from: number, to: number) => void;
  referenceRemoved: (path: string) => void;
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
}));
