/**
 * The generation gallery: every generated image, newest first, narrowed by a
 * filter on the prompt and the model. It reloads when a job finishes while it
 * is open, so a new image appears at the top.
 */
import { create } from 'zustand';
import type { GalleryImage } from '../../../../shared/generation';
import { api } from '../../api/client';
import { errorMessage } from '../../lib/format';

/** How many images a page asks for; "Show more" asks for the next. */
const PAGE = 120;

export type GalleryListing =
  { kind: 'loading' } | { kind: 'ready'; total: number; images: GalleryImage[] } | { kind: 'failed'; message: string };

interface GalleryState {
  open: boolean;
  filter: string;
  listing: GalleryListing;
  galleryOpened: () => void;
  galleryClosed: () => void;
  filterChanged: (filter: string) => void;
  moreRequested: () => Promise<void>;
  /** A job finished: its images belong at the top. */
  jobFinished: () => void;
}

let seq = 0;

export const useGallery = create<GalleryState>()((set, get) => {
  async function load(append: boolean): Promise<void> {
    const mine = ++seq;
    const { filter, listing } = get();
    const shown = append && listing.kind === 'ready' ? listing.images : [];
    if (!append) set({ listing: { kind: 'loading' } });
    try {
      const page = await api.generate.gallery({
        ...(filter.trim() ? { filter } : {}),
        limit: PAGE,
        offset: shown.length,
      });
      if (mine !== seq) return;
      set({ listing: { kind: 'ready', total: page.total, images: [...shown, ...page.images] } });
    } catch (err) {
      if (mine === seq) set({ listing: { kind: 'failed', message: errorMessage(err) } });
    }
  }

  return {
    open: false,
    filter: '',
    listing: { kind: 'loading' },
    galleryOpened() {
      set({ open: true });
      void load(false);
    },
    galleryClosed: () => set({ open: false }),
    filterChanged(filter) {
      set({ filter });
      void load(false);
    },
    moreRequested: () => load(true),
    jobFinished() {
      if (get().open) void load(false);
    },
  };
});
