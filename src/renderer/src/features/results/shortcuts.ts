/**
 * The results' keyboard shortcuts for what is done to the active result (moving
 * between results is keyboard.ts). Shown beside the context menu's items.
 */
import { copyPath, desktopActions, openFile, showInFolder } from './actions';
import type { GridImage } from './gridImage';

const mac = /Mac|iPhone|iPad/.test(navigator.platform);

/** What a shortcut looks at, in React's and the DOM's key events alike. */
type Keys = Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>;

export interface Shortcut {
  /** As the menu shows it. */
  label: string;
  matches: (event: Keys) => boolean;
}

const primary = (e: Keys) => (mac ? e.metaKey : e.ctrlKey);

export const SHORTCUTS = {
  open: { label: mac ? '⌘O' : 'Ctrl+O', matches: (e) => primary(e) && !e.shiftKey && e.key.toLowerCase() === 'o' },
  showInFolder: {
    label: mac ? '⌥⇧R' : 'Shift+Alt+R',
    matches: (e) => e.altKey && e.shiftKey && e.code === 'KeyR',
  },
  copyPath: { label: mac ? '⌘C' : 'Ctrl+C', matches: (e) => primary(e) && !e.shiftKey && e.key.toLowerCase() === 'c' },
} satisfies Record<string, Shortcut>;

/** Runs the shortcut `event` stands for on `hit`; false when it stands for none. */
export function runShortcut(event: Keys, hit: GridImage): boolean {
  if (SHORTCUTS.copyPath.matches(event)) {
    void copyPath(hit);
    return true;
  }
  if (!desktopActions) return false;
  if (SHORTCUTS.open.matches(event)) {
    void openFile(hit);
    return true;
  }
  if (SHORTCUTS.showInFolder.matches(event)) {
    void showInFolder(hit);
    return true;
  }
  return false;
}

/** The keys that open the context menu from the keyboard. */
export const opensMenu = (e: Keys) => e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10');
