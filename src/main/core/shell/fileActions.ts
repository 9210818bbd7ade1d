/**
 * The `files` service: a result's file handed to the OS (shown in its folder,
 * opened, dragged out to another app). The OS part comes from the host (Electron);
 * here is what every host shares: the file must be an image of the library or a
 * generated one, because "open" on anything else could run a program.
 */
import path from 'node:path';
import sharp from 'sharp';
import type { AtelierHandlers } from '../../../shared/contract';
import { checkReadable } from '../files/readableFiles';
import { isLibraryPath } from '../files/videoFiles';
import type { ThumbnailService } from '../thumbnails/thumbnailService';

/** The OS actions a desktop host provides; absent under `atelier serve` and the CLI. */
export interface DesktopShell {
  showInFolder(file: string): void;
  /** Resolves once the OS has been asked; rejects with its reason when it refuses. */
  open(file: string): Promise<void>;
  /** `icon` is a small PNG shown under the pointer while dragging. */
  startDrag(file: string, icon: Buffer): void;
}

export class FileActionError extends Error {}

/** Side of the drag image, in pixels. */
const DRAG_ICON = 64;

export function fileActions(
  shell: DesktopShell | undefined,
  thumbnails: ThumbnailService,
  dataDir: string,
): AtelierHandlers['files'] {
  const desktopOnly = (what: string) => {
    if (!shell) throw new FileActionError(`${what} works only in the Atelier desktop app, not in a browser.`);
    return shell;
  };
  const allowed = async (file: string): Promise<string> => {
    const access = await checkReadable(file, [...thumbnails.roots(), path.join(dataDir, 'generated')]);
    if (!access.ok) throw new FileActionError(`Cannot use ${file}: ${access.reason}`);
    if (!isLibraryPath(access.realPath)) throw new FileActionError(`Cannot use ${file}: not an image`);
    return access.realPath;
  };

  return {
    async showInFolder({ path: file }) {
      const os = desktopOnly('Show in folder');
      os.showInFolder(await allowed(file));
      return null;
    },
    async open({ path: file }) {
      const os = desktopOnly('Open');
      await os.open(await allowed(file));
      return null;
    },
    async startDrag({ path: file }) {
      const os = desktopOnly('Dragging to another app');
      const real = await allowed(file);
      const thumb = await thumbnails.thumbnail(real, 'small');
      // A drag needs an image under the pointer (macOS refuses an empty one): the thumbnail, else a grey square.
      const icon = await (thumb.ok ? sharp(thumb.file) : sharp({ create: blankIcon }))
        .resize(DRAG_ICON, DRAG_ICON, { fit: 'inside' })
        .png()
        .toBuffer();
      os.startDrag(real, icon);
      return null;
    },
  };
}

const blankIcon = { width: DRAG_ICON, height: DRAG_ICON, channels: 4, background: '#8888' } as const;
