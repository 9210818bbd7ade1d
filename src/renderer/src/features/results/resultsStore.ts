/** Which result is active (keyboard and click), and the preview as a dialog state. */
import { create } from 'zustand';

export type Preview = { kind: 'closed' } | { kind: 'open'; index: number };

/** The results' context menu: closed, or open for one result at a point of the window. */
export type ResultMenu = { kind: 'closed' } | { kind: 'open'; index: number; x: number; y: number };

interface ResultsState {
  active: number;
  preview: Preview;
  menu: ResultMenu;
  /** A short confirmation ("Path copied"), cleared after a moment. */
  toast: string | null;
  activeChanged: (index: number) => void;
  previewOpened: (index: number) => void;
  previewClosed: () => void;
  menuOpened: (index: number, x: number, y: number) => void;
  menuClosed: () => void;
  resultsReplaced: () => void;
  toastShown: (message: string) => void;
}

let toastTimer: ReturnType<typeof setTimeout> | undefined;

export const useResultsUi = create<ResultsState>()((set) => ({
  active: 0,
  preview: { kind: 'closed' },
  menu: { kind: 'closed' },
  toast: null,
  activeChanged: (index) => set({ active: index }),
  previewOpened: (index) => set({ active: index, preview: { kind: 'open', index } }),
  previewClosed: () => set({ preview: { kind: 'closed' } }),
  menuOpened: (index, x, y) => set({ active: index, menu: { kind: 'open', index, x, y } }),
  menuClosed: () => set({ menu: { kind: 'closed' } }),
  resultsReplaced: () => set({ active: 0, preview: { kind: 'closed' }, menu: { kind: 'closed' } }),
  toastShown(message) {
    clearTimeout(toastTimer);
    set({ toast: message });
    toastTimer = setTimeout(() => set({ toast: null }), 2200);
  },
}));
