/** Which result is active (keyboard and click), and the preview as a dialog state. */
import { create } from 'zustand';

export type Preview = { kind: 'closed' } | { kind: 'open'; index: number };

interface ResultsState {
  active: number;
  preview: Preview;
  /** A short confirmation ("Path copied"), cleared after a moment. */
  toast: string | null;
  activeChanged: (index: number) => void;
  previewOpened: (index: number) => void;
  previewClosed: () => void;
  resultsReplaced: () => void;
  toastShown: (message: string) => void;
}

let toastTimer: ReturnType<typeof setTimeout> | undefined;

export const useResultsUi = create<ResultsState>()((set) => ({
  active: 0,
  preview: { kind: 'closed' },
  toast: null,
  activeChanged: (index) => set({ active: index }),
  previewOpened: (index) => set({ active: index, preview: { kind: 'open', index } }),
  previewClosed: () => set({ preview: { kind: 'closed' } }),
  resultsReplaced: () => set({ active: 0, preview: { kind: 'closed' } }),
  toastShown(message) {
    clearTimeout(toastTimer);
    set({ toast: message });
    toastTimer = setTimeout(() => set({ toast: null }), 2200);
  },
}));
