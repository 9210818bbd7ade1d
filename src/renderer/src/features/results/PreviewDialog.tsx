/** The preview of the grid's images, opened with Enter or a double click; previous and next step through the results. */
import { ImagePreview } from '../preview/ImagePreview';
import { useGridImages } from './gridImages';
import { useResultsUi } from './resultsStore';

const focusResults = () => document.querySelector<HTMLElement>('[aria-label="Results"]')?.focus();

export function PreviewDialog() {
  const preview = useResultsUi((s) => s.preview);
  const results = useGridImages();
  const { previewClosed, previewOpened } = useResultsUi.getState();
  return (
    <ImagePreview
      images={results}
      index={preview.kind === 'open' && preview.index < results.length ? preview.index : null}
      onIndex={previewOpened}
      onClose={previewClosed}
      returnFocus={focusResults}
    />
  );
}
