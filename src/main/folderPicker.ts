/** The OS's folder picker, for `library.pickFolder`. */
import { type BrowserWindow, dialog } from 'electron';

export function folderPicker(window: () => BrowserWindow | null): () => Promise<string | null> {
  return async () => {
    const options = { title: 'Add a folder to the library', properties: ['openDirectory' as const] };
    const parent = window();
    const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
}
