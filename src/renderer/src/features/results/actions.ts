/** What can be done with one result, shared by the selection bar, the preview, the context menu and the keys. */
import { api, runtime } from '../../api/client';
import { errorMessage } from '../../lib/format';
import { useReferences } from '../references/referencesStore';
import { useSearch } from '../search/searchStore';
import type { GridImage } from './gridImage';
import { useResultsUi } from './resultsStore';

/** Show in folder, Open and dragging out need the OS: the desktop app has them, a browser tab does not. */
export const desktopActions = runtime === 'electron';

const toast = (message: string) => useResultsUi.getState().toastShown(message);

export async function copyPath(path: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(path);
    toast('Path copied');
  } catch (err) {
    toast(`Could not copy: ${errorMessage(err)}`);
  }
}

export function moreLikeThis(hit: GridImage): void {
  useResultsUi.getState().previewClosed();
  void useSearch.getState().moreLikeThisRequested(hit);
}

export function addToReferences(hit: GridImage): void {
  const added = useReferences.getState().referenceDropped(hit.path);
  toast(added ? 'Added to references' : 'The reference tray is full');
}

/**
 * Show in folder, Open and dragging out act on `paths`: the result under the pointer or
 * the keyboard, or the whole selection when that result is part of it.
 */
export async function showInFolder(paths: readonly string[]): Promise<void> {
  try {
    await api.files.showInFolder({ paths: [...paths] });
  } catch (err) {
    toast(errorMessage(err));
  }
}

export async function openFiles(paths: readonly string[]): Promise<void> {
  try {
    await api.files.open({ paths: [...paths] });
  } catch (err) {
    toast(errorMessage(err));
  }
}

/** Hands a drag to the OS, with the files themselves, so other apps (a file manager, an editor) can take them. */
export function dragOut(paths: readonly string[]): void {
  api.files.startDrag({ paths: [...paths] }).catch((err: unknown) => toast(errorMessage(err)));
}
