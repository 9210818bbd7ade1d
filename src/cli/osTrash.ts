/**
 * The OS trash outside Electron (`atelier serve`): the `trash` package moves a
 * file to the Trash on macOS, the Recycle Bin on Windows, and the freedesktop
 * trash on Linux ($XDG_DATA_HOME/Trash, or the drive's .Trash-<uid>), from
 * where the desktop's file manager can restore it.
 */
import fs from 'node:fs';

export async function moveToOsTrash(file: string): Promise<void> {
  // The package skips a path that is not there without a word: say so instead.
  await fs.promises.lstat(file);
  // Loaded when a file is trashed, not with every command. No glob: a file name with [brackets] or
  // * is one literal file.
  const { default: trash } = await import('trash');
  await trash(file, { glob: false });
}
