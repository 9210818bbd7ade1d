/** A larger view of one result, opened with Enter or a double click; arrows step through the results. */
import { useEffect, useRef } from 'react';
import { thumbnailUrl } from '../../api/client';
import { fileName } from '../../lib/format';
import { Icon } from '../../ui/Icon';
import { ProvenanceDetails } from '../generate/ProvenanceDetails';
import { useGridImages } from './gridImages';
import { HitActions } from './HitActions';
import { MatchSnippet } from './MatchSnippet';
import { PreviewPalette } from './PreviewPalette';
import { useResultsUi } from './resultsStore';
import './results.css';

export function PreviewDialog() {
  const preview = useResultsUi((s) => s.preview);
  const results = useGridImages();
  const { previewClosed, previewOpened } = useResultsUi.getState();
  const dialog = useRef<HTMLDialogElement>(null);
  const open = preview.kind === 'open';
  const hit = open ? results[preview.index] : undefined;

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  return (
    <dialog
      ref={dialog}
      className="preview"
      aria-label={hit ? `Preview of ${fileName(hit.path)}` : 'Preview'}
      onClose={() => {
        previewClosed();
        document.querySelector<HTMLElement>('[aria-label="Results"]')?.focus();
      }}
      onKeyDown={(e) => {
        if (preview.kind !== 'open') return;
        if (e.key === 'ArrowRight' && preview.index < results.length - 1) previewOpened(preview.index + 1);
        if (e.key === 'ArrowLeft' && preview.index > 0) previewOpened(preview.index - 1);
      }}
    >
      {hit && (
        <>
          <header className="preview-head">
            <h2 className="preview-title">{fileName(hit.path)}</h2>
            <span className="muted tabular">
              {hit.width}×{hit.height} · {hit.format.toUpperCase()}
              {hit.score !== undefined ? ` · score ${hit.score.toFixed(3)}` : ''}
            </span>
            <button type="button" className="icon-button" aria-label="Close preview" onClick={previewClosed} autoFocus>
              <Icon name="close" />
            </button>
          </header>
          <div className="preview-image">
            <img src={thumbnailUrl(hit.path, 'preview')} alt={fileName(hit.path)} />
          </div>
          {hit.matches && (
            <p className="preview-match">
              <MatchSnippet matches={hit.matches} className="preview-snippet" />
            </p>
          )}
          <PreviewPalette path={hit.path} onPick={previewClosed} />
          <ProvenanceDetails path={hit.path} onAction={previewClosed} />
          <footer className="preview-foot">
            <span className="mono muted ellipsis" title={hit.path}>
              {hit.path}
            </span>
            <div className="button-row">
              <HitActions hit={hit} />
            </div>
          </footer>
        </>
      )}
    </dialog>
  );
}
