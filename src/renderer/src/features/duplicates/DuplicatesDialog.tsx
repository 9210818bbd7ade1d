/**
 * The duplicate review as a dialog: exact copies and look-alikes at a
 * similarity the user moves (groups follow as it changes), each group side by
 * side to pick the one to keep.
 */
import { NEAR_SIMILARITY_FLOOR } from '../../../../shared/organize';
import { plural } from '../../lib/format';
import { Icon } from '../../ui/Icon';
import { useModalDialog } from '../../ui/useModalDialog';
import { DuplicateGroupCard } from './DuplicateGroupCard';
import { groupKey, useDuplicates } from './duplicatesStore';
import './duplicates.css';

export function DuplicatesDialog() {
  const open = useDuplicates((s) => s.open);
  const review = useDuplicates((s) => s.review);
  const threshold = useDuplicates((s) => s.threshold);
  const error = useDuplicates((s) => s.error);
  const { reviewClosed, thresholdChanged } = useDuplicates.getState();
  const dialog = useModalDialog(open);

  return (
    <dialog ref={dialog} className="duplicates" aria-labelledby="duplicates-title" onClose={reviewClosed}>
      <header className="gallery-head">
        <h2 id="duplicates-title" className="panel-title">
          Duplicates
        </h2>
        <label className="dup-threshold small-text">
          <span>Similarity at least</span>
          <input
            type="range"
            min={NEAR_SIMILARITY_FLOOR}
            max={1}
            step={0.001}
            value={threshold}
            aria-label="Similarity threshold"
            onChange={(e) => void thresholdChanged(Number(e.target.value))}
          />
          <span className="tabular">{threshold.toFixed(3)}</span>
        </label>
        <span className="muted small-text tabular" role="status">
          {review.kind === 'ready'
            ? plural(review.groups.length, 'group', 'groups')
            : review.kind === 'loading'
              ? review.total
                ? `Looking… ${Math.floor((100 * (review.done ?? 0)) / review.total)}%`
                : 'Looking…'
              : ''}
        </span>
        <button type="button" className="icon-button" aria-label="Close duplicates" onClick={reviewClosed}>
          <Icon name="close" />
        </button>
      </header>
      {error && (
        <p className="error small-text dup-error" role="alert">
          {error}
        </p>
      )}
      {review.kind === 'failed' && (
        <p className="error small-text dup-error" role="alert">
          {review.message}
        </p>
      )}
      {review.kind === 'ready' && review.groups.length === 0 && (
        <p className="gallery-empty muted">No duplicates at this similarity.</p>
      )}
      {review.kind === 'ready' && review.groups.length > 0 && (
        <div className="dup-list">
          {review.groups.map((group) => (
            <DuplicateGroupCard key={groupKey(group)} group={group} />
          ))}
        </div>
      )}
    </dialog>
  );
}
