/**
 * The selection bar when several results are selected: how many, and what can be done to all of
 * them at once (add to references, compare two side by side, copy paths, tag, rate; in the desktop
 * app also open, show in folder and drag out to another app), or clear the selection (Escape).
 */
import { useState } from 'react';
import { MAX_OPENED, tooManyToOpen } from '../../../../shared/fileActionLimits';
import { thumbnailUrl } from '../../api/client';
import { plural } from '../../lib/format';
import { Icon } from '../../ui/Icon';
import { TRAY_FULL, useTrayFull } from '../references/referencesStore';
import { desktopActions, dragOut, openFiles, showInFolder } from '../results/actions';
import { useGridImages } from '../results/gridImages';
import { useResultsUi } from '../results/resultsStore';
import { addAllToReferences, copyPaths, rateAll, tagAll } from './batchActions';
import { comparablePair, compareSelected } from './compareSelection';
import { useSelection } from './selectionStore';
import './selection.css';

export function BatchBar({ paths }: { paths: readonly string[] }) {
  const toast = useResultsUi((s) => s.toast);
  const trayFull = useTrayFull();
  const images = useGridImages();
  const selected = useSelection((s) => s.selected);
  const canCompare = comparablePair(images, selected) !== null;
  const [tag, setTag] = useState('');
  const [error, setError] = useState<string | null>(null);

  return (
    <div className="selection-bar batch-bar" role="region" aria-label="Selection">
      <span className="batch-count tabular">{plural(paths.length, 'image', 'images')} selected</span>
      <span className="toast" role="status">
        {toast}
      </span>
      <div className="button-row">
        <button
          type="button"
          className="button small"
          disabled={trayFull}
          title={trayFull ? TRAY_FULL : undefined}
          onClick={() => addAllToReferences(paths)}
        >
          <Icon name="plus" size={14} /> Add to references
        </button>
        {canCompare && (
          <button
            type="button"
            className="button small"
            title="Compare the two side by side (C)"
            onClick={() => compareSelected(images, selected)}
          >
            <Icon name="compare" size={14} /> Compare
          </button>
        )}
        {desktopActions && (
          <>
            <img
              className="drag-out"
              src={thumbnailUrl(paths[0]!)}
              alt={`Drag ${plural(paths.length, 'image', 'images')} to another app`}
              title="Drag the selection to another app (or Alt-drag one of its results)"
              width={28}
              height={28}
              draggable
              onDragStart={(event) => {
                event.preventDefault();
                dragOut(paths);
              }}
            />
            <button
              type="button"
              className="button small"
              disabled={paths.length > MAX_OPENED}
              title={paths.length > MAX_OPENED ? tooManyToOpen(paths.length) : undefined}
              onClick={() => void openFiles(paths)}
            >
              <Icon name="external" size={14} /> Open
            </button>
            <button type="button" className="button small" onClick={() => void showInFolder(paths)}>
              <Icon name="folder" size={14} /> Show in folder
            </button>
          </>
        )}
        <button type="button" className="button small" onClick={() => void copyPaths(paths)}>
          <Icon name="copy" size={14} /> Copy paths
        </button>
        <form
          className="batch-tag"
          onSubmit={(e) => {
            e.preventDefault();
            if (!tag.trim()) return;
            void tagAll(tag, paths).then((refused) => {
              setError(refused);
              if (!refused) setTag('');
            });
          }}
        >
          <input
            className="input"
            aria-label="Tag the selection"
            placeholder="Tag…"
            value={tag}
            onChange={(e) => setTag(e.target.value)}
            spellCheck={false}
          />
          <button type="submit" className="button small" disabled={!tag.trim()}>
            Tag
          </button>
        </form>
        <select
          className="select batch-rate"
          aria-label="Rate the selection"
          value=""
          onChange={(e) => {
            const rating = Number(e.target.value);
            void rateAll(rating, paths).then(setError);
          }}
        >
          <option value="" disabled>
            Rate…
          </option>
          {[5, 4, 3, 2, 1].map((n) => (
            <option key={n} value={n}>
              {'★'.repeat(n)} {n}
            </option>
          ))}
          <option value={0}>No rating</option>
        </select>
        <button
          type="button"
          className="icon-button quiet"
          aria-label="Clear the selection"
          title="Clear the selection (Escape)"
          onClick={() => useSelection.getState().selectionCleared()}
        >
          <Icon name="close" size={14} />
        </button>
      </div>
      {error && (
        <p className="error small-text batch-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
