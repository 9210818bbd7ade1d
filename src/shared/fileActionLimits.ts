/**
 * How many files the desktop's file actions take at once, shared so the
 * selection bar offers only what the core will do, in the same words. Open and
 * Show in folder each bring up a window per file or folder: past these counts
 * that is a flood, never what was meant.
 */

/** The most images Open starts their apps for in one go. */
export const MAX_OPENED = 20;
/** The most folders Show in folder opens in one go (one window per folder, its selected files in it). */
export const MAX_FOLDERS_SHOWN = 10;

/** "Open takes at most 20 images at once (25 selected)". */
export function tooManyToOpen(count: number): string {
  return `Open takes at most ${MAX_OPENED} images at once (${count} selected)`;
}

/** "Show in folder opens at most 10 folders at once (the selection spans 12)". */
export function tooManyFolders(count: number): string {
  return `Show in folder opens at most ${MAX_FOLDERS_SHOWN} folders at once (the selection spans ${count})`;
}
