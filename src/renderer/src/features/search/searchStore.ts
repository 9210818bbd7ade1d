/**
 * The search: the text in the box, an example image, the filters, and the last
 * run as a discriminated union. Runs are numbered so a slow answer to an old
 * query never replaces a newer one.
 */
import { create } from 'zustand';
import { isLanguageTag } from '../../../../shared/languageTag';
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
  | { kind: 'uploading'; name: string; previous: SearchHit[] }
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
  /** Only images in this collection; browsing shows it in its own order. */
  collection: string | null;
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
  /** Why a dropped file was not searched by (not an image, unreadable); the grid kept what it showed. */
  notice: string | null;

  textChanged: (text: string) => void;
  searchSubmitted: () => Promise<void>;
  exampleDropped: (file: File) => Promise<void>;
  /** Files that are no images were dropped to search by: say so, and change nothing else. */
  nonImageDropped: (names: string[]) => void;
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
  if (run.kind === 'done') return run.results;
  return run.kind === 'searching' || run.kind === 'uploading' ? run.previous : NO_RESULTS;
}

export const useSearch = create<SearchState>()((set, get) => ({
  text: '',
  example: null,
  filters: { folder: null, format: null, tag: null, untagged: false, collection: null, minRating: 0, colors: [] },
  run: { kind: 'idle' },
  notice: null,

  textChanged: (text) => set({ text }),

  async searchSubmitted() {
    const { text, example, filters, run } = get();
    if (!text.trim() && !example && filters.colors.length === 0) {
      set({ run: { kind: 'idle' } });
      return;
    }
    const mine = ++seq;
    set({ run: { kind: 'searching', seq: mine, previous: resultsOf(run) }, notice: null });
    const started = performance.now();
    try {
      const answer = await api.search.query({
        ...(text.trim() ? { text: text.trim() } : {}),
        ...(example ? { images: [example.path] } : {}),
        // The query is taken to be in the language the app shows; NLLB models read it before the text.
        ...(isLanguageTag(navigator.language) ? { language: navigator.language } : {}),
        limit: useSettings.getState().view?.resultLimit ?? 500,
        filters: {
          ...(filters.folder ? { folders: [filters.folder] } : {}),
          ...(filters.format ? { formats: [filters.format] } : {}),
          ...(filters.tag ? { tags: [filters.tag] } : {}),
          ...(filters.untagged ? { untagged: true } : {}),
          ...(filters.collection ? { collection: filters.collection } : {}),
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
    const name = file.name || 'pasted.png';
    // What the grid showed: it stays if this file cannot be searched by.
    const before = { run: get().run, example: get().example };
    const refused = (why: string) => set({ ...before, notice: `${name} was not searched by: ${why}` });
    set({ run: { kind: 'uploading', name, previous: resultsOf(before.run) }, notice: null });
    let uploaded;
    try {
      uploaded = await api.search.uploadImage({ name, base64: await fileToBase64(file) });
    } catch (err) {
      refused(errorMessage(err));
      return;
    }
    // A video shows its first frame, which an <img> cannot take from the file itself.
    const previewUrl = file.type.startsWith('video/') ? thumbnailUrl(uploaded.path) : URL.createObjectURL(file);
    set({ example: { name: uploaded.name, path: uploaded.path, previewUrl } });
    await get().searchSubmitted();
    const run = get().run;
    if (run.kind === 'failed') {
      URL.revokeObjectURL(previewUrl);
      // The upload is kept under a cache name the user never gave: the message names the file dropped.
      refused(run.message.split(uploaded.path).join(name));
      return;
    }
    if (before.example?.previewUrl.startsWith('blob:')) URL.revokeObjectURL(before.example.previewUrl);
  },

  nonImageDropped(names) {
    const what = names.length === 1 ? `${names[0]} is not an image` : `${names.join(', ')} are not images`;
    set({ notice: `${what}: drop a PNG, JPEG, WebP or another image to search by it.` });
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
