/**
 * A preview of images that are not the grid's: a job's outputs, the generation
 * gallery, or two images to compare side by side (what the selection bar's
 * compare asks for).
 */
import { create } from 'zustand';
import type { GridImage } from '../results/gridImage';

export type ListPreview =
  { kind: 'closed' } | { kind: 'open'; images: readonly GridImage[]; index: number; compareWith: GridImage | null };

interface PreviewState {
  preview: ListPreview;
  /** Opens `images` at `index`. */
  listPreviewOpened: (images: readonly GridImage[], index: number) => void;
  /** Opens `left` and `right` side by side. */
  compareOpened: (left: GridImage, right: GridImage) => void;
  listPreviewStepped: (index: number) => void;
  listPreviewClosed: () => void;
}

export const usePreview = create<PreviewState>()((set) => ({
  preview: { kind: 'closed' },
  listPreviewOpened: (images, index) => set({ preview: { kind: 'open', images, index, compareWith: null } }),
  compareOpened: (left, right) =>
    set({ preview: { kind: 'open', images: [left, right], index: 1, compareWith: left } }),
  listPreviewStepped: (index) => set((s) => (s.preview.kind === 'open' ? { preview: { ...s.preview, index } } : s)),
  listPreviewClosed: () => set({ preview: { kind: 'closed' } }),
}));
