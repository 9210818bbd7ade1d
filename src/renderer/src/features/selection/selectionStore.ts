/**
 * Which results are selected, by path (a page appended while browsing keeps
 * them), and the anchor a Shift-click or Shift+arrow extends a range from.
 * The active result (resultsStore) is where the keyboard is; the selection is
 * what a batch action acts on.
 */
import { create } from 'zustand';

/** How a click or a key changes the selection: replace it, extend a range to it, or toggle one. */
export type SelectMode = 'replace' | 'range' | 'toggle';

interface SelectionState {
  selected: ReadonlySet<string>;
  anchor: number;
  /** `paths` are the grid's images in order, so a range can be read off them. */
  resultPicked: (index: number, paths: readonly string[], mode: SelectMode) => void;
  allSelected: (paths: readonly string[]) => void;
  selectionCleared: () => void;
}

const NONE: ReadonlySet<string> = new Set();

export const useSelection = create<SelectionState>()((set, get) => ({
  selected: NONE,
  anchor: 0,

  resultPicked(index, paths, mode) {
    const path = paths[index];
    if (path === undefined) return;
    if (mode === 'range') {
      const anchor = Math.min(get().anchor, paths.length - 1);
      const [from, to] = anchor <= index ? [anchor, index] : [index, anchor];
      set({ selected: new Set(paths.slice(from, to + 1)) });
      return;
    }
    if (mode === 'toggle') {
      const selected = new Set(get().selected);
      if (selected.has(path)) selected.delete(path);
      else selected.add(path);
      set({ selected, anchor: index });
      return;
    }
    set({ selected: new Set([path]), anchor: index });
  },

  allSelected: (paths) => set({ selected: new Set(paths) }),
  selectionCleared: () => set({ selected: NONE, anchor: 0 }),
}));

/** The selected paths in the grid's order. */
export function selectedInOrder(paths: readonly string[], selected: ReadonlySet<string>): string[] {
  return selected.size === 0 ? [] : paths.filter((p) => selected.has(p));
}

/** What an action on the result at `path` acts on: the selection when `path` is part of it, else `path` alone. */
export function actedOn(path: string, paths: readonly string[], selected: ReadonlySet<string>): string[] {
  return selected.has(path) ? selectedInOrder(paths, selected) : [path];
}

const mac = /Mac|iPhone|iPad/.test(navigator.platform);

/** Ctrl on Windows and Linux, ⌘ on a Mac. */
export const primaryKey = (e: { ctrlKey: boolean; metaKey: boolean }): boolean => (mac ? e.metaKey : e.ctrlKey);

/** What a click or arrow key with these modifiers does to the selection. */
export function modeOf(e: { shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }): SelectMode {
  if (e.shiftKey) return 'range';
  return primaryKey(e) ? 'toggle' : 'replace';
}
