/**
 * The `files` service: a result's file, or a selection's files, handed to the
 * OS (shown in their folders, opened, dragged out to another app). The OS part
 * comes from the host (Electron); here is what every host shares: every file
 * must be an image of the library or a generated one, because "open" on
 * anything else could run a program, and one that is not refuses the whole call.
 */
import path from 'node:path';
import sharp from 'sharp';
import type { AtelierHandlers } from '../../../shared/contract';
import { MAX_FOLDERS_SHOWN, MAX_OPENED, tooManyFolders, tooManyToOpen } from '../../../shared/fileActionLimits';
import { checkReadable } from '../files/readableFiles';
import { isLibraryPath } from '../files/videoFiles';
import type { ThumbnailService } from '../thumbnails/thumbnailService';

/** The OS actions a desktop host provides; absent under `atelier serve` and the CLI. */
export interface DesktopShell {
  showInFolder(file: string): void;
  /** Resolves once the OS has been asked; rejects with its reason when it refuses. */
  open(file: string): Promise<void>;
  /** Drags all of `files` at once; `icon` is a small PNG shown under the pointer. */
  startDrag(files: readonly string[], icon: Buffer): void;
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
  /** Every file checked before the OS hears of any; the same file twice counts once. */
  const allAllowed = async (files: readonly string[]): Promise<string[]> => [
    ...new Set(await Promise.all(files.map(allowed))),
  ];

  return {
    async showInFolder({ paths }) {
      const os = desktopOnly('Show in folder');
      const byFolder = new Map<string, string>();
      for (const file of await allAllowed(paths)) {
        if (!byFolder.has(path.dirname(file))) byFolder.set(path.dirname(file), file);
      }
      if (byFolder.size > MAX_FOLDERS_SHOWN) throw new FileActionError(tooManyFolders(byFolder.size));
      // The OS selects one file per window: the first of the selection in each folder.
      for (const file of byFolder.values()) os.showInFolder(file);
      return null;
    },
    async open({ paths }) {
      const os = desktopOnly('Open');
      const files = await allAllowed(paths);
      if (files.length > MAX_OPENED) throw new FileActionError(tooManyToOpen(files.length));
      const failed: string[] = [];
      for (const file of files) await os.open(file).catch((err: unknown) => failed.push(errorText(err)));
      if (failed.length > 0) {
        const more = failed.length > 1 ? ` (and ${failed.length - 1} more could not be opened)` : '';
        throw new FileActionError(`${failed[0]}${more}`);
      }
      return null;
    },
    async startDrag({ paths }) {
      const os = desktopOnly('Dragging to another app');
      const files = await allAllowed(paths);
      const thumb = await thumbnails.thumbnail(files[0]!, 'small');
      // A drag needs an image under the pointer (macOS refuses an empty one): the thumbnail, else a grey square.
      const icon = await (thumb.ok ? sharp(thumb.file) : sharp({ create: blankIcon }))
        .resize(DRAG_ICON, DRAG_ICON, { fit: 'inside' })
        .png()
        .toBuffer();
      os.startDrag(files, icon);
      return null;
    },
  };
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

const blankIcon = { width: DRAG_ICON, height: DRAG_ICON, channels: 4, background: '#8888' } as const;
