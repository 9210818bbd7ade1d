/**
 * The search: the text in the box, an example image, the filters, and the last
 * run as a discriminated union. Runs are numbered so a slow answer to an old
 * query never replaces a newer one.
 */
import { create } from 'zustand';
import type { SearchHit } from '../../../../shared/types';
import { api, thumbnailUrl } from '../../api/client';
import { errorMessage, fileName } from '../../lib/format';
import { fileToBase64 } from '../../lib/readFile';
import { useSettings } from '../settings/settingsStore';

/** An image to search by: a dropped file (uploaded) or a result ("More like this"). */
export interface Example {
  name: string;
  path: string;
  previewUrl: string;
}

export type SearchRun =
  | { kind: 'idle' }
  | { kind: 'uploading'; name: string }
  | { kind: 'searching'; seq: number; previous: SearchHit[] }
  | { kind: 'done'; seq: number; results: SearchHit[]; model: string; tookMs: number }
  | { kind: 'failed'; message: string };

export interface Filters {
  folder: string | null;
  format: string | null;
  /** Only images with this tag. */
  tag: string | null;
  /** Only images with no tag (never together with `tag`). */
  untagged: boolean;
  /** Only images rated at least this; 0 for any. */
  minRating: number;
  /** Only images holding all these colours (`#rrggbb`); alone, they rank the results. */
  colors: string[];
}

interface SearchState {
  text: string;
  example: Example | null;
  filters: Filters;
  run: SearchRun;

  textChanged: (text: string) => void;
  searchSubmitted: () => Promise<void>;
  exampleDropped: (file: File) => Promise<void>;
  moreLikeThisRequested: (hit: Pick<SearchHit, 'path'>) => Promise<void>;
  exampleCleared: () => Promise<void>;
  filtersChanged: (filters: Partial<Filters>) => Promise<void>;
  /** A swatch was clicked: search by that colour (beside the text or example, if any). */
  swatchPicked: (hex: string) => Promise<void>;
}

let seq = 0;
/** One empty list, so a selector returns the same value while there are no results. */
const NO_RESULTS: SearchHit[] = [];

function resultsOf(run: SearchRun): SearchHit[] {
  return run.kind === 'done' ? run.results : run.kind === 'searching' ? run.previous : NO_RESULTS;
}

export const useSearch = create<SearchState>()((set, get) => ({
  text: '',
  example: null,
  filters: { folder: null, format: null, tag: null, untagged: false, minRating: 0, colors: [] },
  run: { kind: 'idle' },

  textChanged: (text) => set({ text }),

  async searchSubmitted() {
    const { text, example, filters, run } = get();
    if (!text.trim() && !example && filters.colors.length === 0) {
      set({ run: { kind: 'idle' } });
      return;
    }
    const mine = ++seq;
    set({ run: { kind: 'searching', seq: mine, previous: resultsOf(run) } });
    const started = performance.now();
    try {
      const answer = await api.search.query({
        ...(text.trim() ? { text: text.trim() } : {}),
        ...(example ? { images: [example.path] } : {}),
        limit: useSettings.getState().view?.resultLimit ?? 500,
        filters: {
          ...(filters.folder ? { folders: [filters.folder] } : {}),
          ...(filters.format ? { formats: [filters.format] } : {}),
          ...(filters.tag ? { tags: [filters.tag] } : {}),
          ...(filters.untagged ? { untagged: true } : {}),
          ...(filters.minRating ? { minRating: filters.minRating } : {}),
          ...(filters.colors.length ? { colors: filters.colors } : {}),
        },
      });
      if (mine !== seq) return;
      set({
        run: {
          kind: 'done',
          seq: mine,
          // The image searched by is no result: "More like this" shows the others.
          results: example ? answer.results.filter((hit) => hit.path !== example.path) : answer.results,
          model: answer.model,
          tookMs: performance.now() - started,
        },
      });
    } catch (err) {
      if (mine === seq) set({ run: { kind: 'failed', message: errorMessage(err) } });
    }
  },

  async exampleDropped(file) {
    set({ run: { kind: 'uploading', name: file.name } });
    try {
      const uploaded = await api.search.uploadImage({
        name: file.name || 'pasted.png',
        base64: await fileToBase64(file),
      });
      const previous = get().example;
      if (previous?.previewUrl.startsWith('blob:')) URL.revokeObjectURL(previous.previewUrl);
      set({ example: { name: uploaded.name, path: uploaded.path, previewUrl: URL.createObjectURL(file) } });
      await get().searchSubmitted();
    } catch (err) {
      set({ run: { kind: 'failed', message: errorMessage(err) } });
    }
  },

  async moreLikeThisRequested(hit) {
    set({ example: { name: fileName(hit.path), path: hit.path, previewUrl: thumbnailUrl(hit.path) }, text: '' });
    await get().searchSubmitted();
  },

  async exampleCleared() {
    const previous = get().example;
    if (previous?.previewUrl.startsWith('blob:')) URL.revokeObjectURL(previous.previewUrl);
    set({ example: null });
    await get().searchSubmitted();
  },

  async filtersChanged(filters) {
    set({ filters: { ...get().filters, ...filters } });
    await get().searchSubmitted();
  },

  async swatchPicked(hex) {
    await get().filtersChanged({ colors: [hex] });
  },
}));

/** The results to show: the last answer, kept on screen while the next one is on its way. */
export const useResults = (): SearchHit[] => useSearch((s) => resultsOf(s.run));
