/**
 * The OS actions behind the `files` service: Electron's shell, and a native
 * drag started from the main window. The core has already checked that the
 * file is an image the user may act on.
 */
import { nativeImage, shell, type WebContents } from 'electron';
import type { DesktopShell } from './core/shell/fileActions';

export function desktopShell(contents: () => WebContents | null): DesktopShell {
  return {
    showInFolder: (file) => shell.showItemInFolder(file),
    async open(file) {
      // openPath resolves with an error message instead of rejecting.
      const failure = await shell.openPath(file);
      if (failure) throw new Error(`Could not open ${file}: ${failure}`);
    },
    startDrag(files, icon) {
      const target = contents();
      if (!target || target.isDestroyed()) throw new Error('No window to drag from');
      target.startDrag({ file: files[0]!, files: [...files], icon: nativeImage.createFromBuffer(icon) });
    },
  };
}
