/** The active result's details and what can be done with it; in the desktop app, also open it, show it, drag it out. */
import { thumbnailUrl } from '../../api/client';
import { fileName, parentFolder } from '../../lib/format';
import { Icon } from '../../ui/Icon';
import { BatchBar } from '../selection/BatchBar';
import { selectedInOrder, useSelection } from '../selection/selectionStore';
import { desktopActions, dragOut, openFiles, showInFolder } from './actions';
import { useGridImages } from './gridImages';
import { HitActions } from './HitActions';
import { useResultsUi } from './resultsStore';
import './results.css';

export function SelectionBar() {
  const results = useGridImages();
  const active = useResultsUi((s) => s.active);
  const toast = useResultsUi((s) => s.toast);
  const previewOpened = useResultsUi((s) => s.previewOpened);
  const selected = useSelection((s) => s.selected);
  const hit = results[active];
  if (selected.size > 1) {
    return (
      <BatchBar
        paths={selectedInOrder(
          results.map((r) => r.path),
          selected,
        )}
      />
    );
  }
  if (!hit) return null;
  return (
    <div className="selection-bar" aria-label="Selected result">
      <div className="selection-text">
        <span className="selection-name">{fileName(hit.path)}</span>
        <span className="muted mono ellipsis" title={hit.path}>
          {parentFolder(hit.path)}
        </span>
        <span className="muted tabular">
          {hit.width}×{hit.height} · {hit.format.toUpperCase()}
          {hit.score !== undefined ? ` · score ${hit.score.toFixed(3)}` : ''}
        </span>
      </div>
      <span className="toast" role="status">
        {toast}
      </span>
      <div className="button-row">
        {desktopActions && (
          <>
            <img
              className="drag-out"
              src={thumbnailUrl(hit.path)}
              alt={`Drag ${fileName(hit.path)} to another app`}
              title="Drag to another app (or Alt-drag a result)"
              width={28}
              height={28}
              draggable
              onDragStart={(event) => {
                event.preventDefault();
                dragOut([hit.path]);
              }}
            />
            <button type="button" className="button small" onClick={() => void openFiles([hit.path])}>
              <Icon name="external" size={14} /> Open
            </button>
            <button type="button" className="button small" onClick={() => void showInFolder([hit.path])}>
              <Icon name="folder" size={14} /> Show in folder
            </button>
          </>
        )}
        <button type="button" className="button small" onClick={() => previewOpened(active)}>
          <Icon name="expand" size={14} /> Preview
        </button>
        <HitActions hit={hit} />
      </div>
    </div>
  );
}
