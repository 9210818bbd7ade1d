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

export async function copyPath(hit: GridImage): Promise<void> {
  try {
    await navigator.clipboard.writeText(hit.path);
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

export async function showInFolder(hit: GridImage): Promise<void> {
  try {
    await api.files.showInFolder({ path: hit.path });
  } catch (err) {
    toast(errorMessage(err));
  }
}

export async function openFile(hit: GridImage): Promise<void> {
  try {
    await api.files.open({ path: hit.path });
  } catch (err) {
    toast(errorMessage(err));
  }
}

/** Hands a drag to the OS, with the file itself, so other apps (a file manager, an editor) can take it. */
export function dragOut(hit: GridImage): void {
  api.files.startDrag({ path: hit.path }).catch((err: unknown) => toast(errorMessage(err)));
}
