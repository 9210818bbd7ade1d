/**
 * How the grid shows images: justified rows (each image at its own aspect
 * ratio) or square tiles, and the thumbnail size (a justified row's height, a
 * square tile's least width). Kept in localStorage, so the grid opens as it was left.
 */
import { create } from 'zustand';

export type GridMode = 'justified' | 'square';

export const MIN_SIZE = 80;
export const MAX_SIZE = 360;
export const SIZE_STEP = 20;
const DEFAULT_VIEW = { mode: 'justified' as GridMode, size: 160 };
const KEY = 'atelier.grid.view';

interface GridViewState {
  mode: GridMode;
  size: number;
  modeChosen: (mode: GridMode) => void;
  sizeChosen: (size: number) => void;
  /** One step bigger (+1) or smaller (-1): Ctrl + wheel, Ctrl +/-. */
  sizeStepped: (direction: 1 | -1) => void;
}

const clampSize = (size: number) => Math.max(MIN_SIZE, Math.min(MAX_SIZE, Math.round(size)));

function load(): { mode: GridMode; size: number } {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? 'null') as { mode?: unknown; size?: unknown } | null;
    return {
      mode: raw?.mode === 'square' || raw?.mode === 'justified' ? raw.mode : DEFAULT_VIEW.mode,
      size: typeof raw?.size === 'number' && Number.isFinite(raw.size) ? clampSize(raw.size) : DEFAULT_VIEW.size,
    };
  } catch {
    return DEFAULT_VIEW;
  }
}

export const useGridView = create<GridViewState>()((set, get) => ({
  ...load(),
  modeChosen: (mode) => set({ mode }),
  sizeChosen: (size) => set({ size: clampSize(size) }),
  sizeStepped: (direction) => set({ size: clampSize(get().size + direction * SIZE_STEP) }),
}));

useGridView.subscribe(({ mode, size }) => {
  try {
    localStorage.setItem(KEY, JSON.stringify({ mode, size }));
  } catch {
    // Storage full or refused: the choice lasts until the page closes.
  }
});
