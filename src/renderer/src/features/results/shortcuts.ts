/**
 * The results' keyboard shortcuts for what is done to the active result (moving
 * between results is keyboard.ts). Shown beside the context menu's items.
 */
import { copyPaths } from '../selection/batchActions';
import { copyPath, desktopActions, openFiles, showInFolder } from './actions';

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

/**
 * Runs the shortcut `event` stands for on `paths` (the active result, or the
 * selection it is part of); false when it stands for none.
 */
export function runShortcut(event: Keys, paths: readonly string[]): boolean {
  const [first] = paths;
  if (first === undefined) return false;
  if (SHORTCUTS.copyPath.matches(event)) {
    void (paths.length > 1 ? copyPaths(paths) : copyPath(first));
    return true;
  }
  if (!desktopActions) return false;
  if (SHORTCUTS.open.matches(event)) {
    void openFiles(paths);
    return true;
  }
  if (SHORTCUTS.showInFolder.matches(event)) {
    void showInFolder(paths);
    return true;
  }
  return false;
}

/** The keys that open the context menu from the keyboard. */
export const opensMenu = (e: Keys) => e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10');
