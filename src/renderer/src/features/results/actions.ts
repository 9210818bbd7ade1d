/** What can be done with one result, shared by the selection bar and the preview. */
import type { SearchHit } from '../../../../shared/types';
import { errorMessage } from '../../lib/format';
import { useReferences } from '../references/referencesStore';
import { useSearch } from '../search/searchStore';
import { useResultsUi } from './resultsStore';

export async function copyPath(hit: SearchHit): Promise<void> {
  try {
    await navigator.clipboard.writeText(hit.path);
    useResultsUi.getState().toastShown('Path copied');
  } catch (err) {
    useResultsUi.getState().toastShown(`Could not copy: ${errorMessage(err)}`);
  }
}

export function moreLikeThis(hit: SearchHit): void {
  useResultsUi.getState().previewClosed();
  void useSearch.getState().moreLikeThisRequested(hit);
}

export function addToReferences(hit: SearchHit): void {
  const added = useReferences.getState().referenceDropped(hit.path);
  useResultsUi.getState().toastShown(added ? 'Added to references' : 'The reference tray is full');
}
