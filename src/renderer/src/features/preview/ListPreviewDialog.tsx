/** The preview of images that are not the grid's (a job's outputs, the gallery, a comparison); a new search closes it. */
import { useEffect } from 'react';
import { useSearch } from '../search/searchStore';
import { ImagePreview } from './ImagePreview';
import { usePreview } from './previewStore';

const NONE: never[] = [];

export function ListPreviewDialog() {
  const preview = usePreview((s) => s.preview);
  const run = useSearch((s) => s.run);
  const { listPreviewStepped, listPreviewClosed } = usePreview.getState();

  // "More like this" in the preview starts a search: its results are behind the dialog, so make way.
  useEffect(() => {
    if (run.kind !== 'idle') listPreviewClosed();
  }, [run, listPreviewClosed]);

  const open = preview.kind === 'open';
  return (
    <ImagePreview
      images={open ? preview.images : NONE}
      index={open ? preview.index : null}
      onIndex={listPreviewStepped}
      onClose={listPreviewClosed}
      compareWith={open ? preview.compareWith : null}
    />
  );
}
