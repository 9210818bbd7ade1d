/**
 * One duplicate group, its images side by side with what tells them apart
 * (resolution, size, format, date, folder); a radio picks the one to keep.
 * "Keep all" sets the group aside; "Stack" shows only the kept image in browse
 * and search, the others behind it; "Move the others to the trash" asks first.
 */
import { useState } from 'react';
import type { ReviewGroup } from '../../../../shared/organize';
import { thumbnailUrl } from '../../api/client';
import { fileName, formatBytes, plural } from '../../lib/format';
import { defaultKeeper, groupKey, useDuplicates } from './duplicatesStore';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function DuplicateGroupCard({ group }: { group: ReviewGroup }) {
  const key = groupKey(group);
  const keeper = useDuplicates((s) => s.keepers[key]) ?? defaultKeeper(group);
  const done = useDuplicates((s) => s.done[key]);
  const { keeperChosen, allKept, othersTrashed, groupStacked, groupUnstacked } = useDuplicates.getState();
  const [asking, setAsking] = useState(false);
  const title =
    group.kind === 'copy' ? 'Exact copies' : `Look alike (similarity ${(group.similarity * 100).toFixed(1)}%)`;
  const others = group.images.length - 1;

  return (
    <section className={`dup-group${done ? ' done' : ''}`} aria-label={`${title}: ${fileName(key)}`}>
      <header className="dup-head">
        <h3 className="dup-title">{title}</h3>
        {done ? (
          <span className="muted small-text" role="status">
            {done}
          </span>
        ) : group.stack ? (
          <div className="button-row">
            <span className="muted small-text">Stacked under {fileName(group.stack.cover)}</span>
            <button type="button" className="button small" onClick={() => void groupUnstacked(key)}>
              Unstack
            </button>
          </div>
        ) : (
          <div className="button-row">
            <button type="button" className="button small" onClick={() => allKept(key)}>
              Keep all
            </button>
            <button
              type="button"
              className="button small"
              title="Show only the kept image in browse and search, the others behind it"
              onClick={() => void groupStacked(key)}
            >
              Stack
            </button>
            <button
              type="button"
              className="button small danger"
              aria-expanded={asking}
              onClick={() => setAsking(!asking)}
            >
              Move the others to the trash
            </button>
          </div>
        )}
      </header>
      {asking && !done && (
        <div
          className="folder-confirm"
          role="alertdialog"
          aria-label={`Move ${plural(others, 'file', 'files')} to the trash?`}
        >
          <p className="small-text">
            Keeps {fileName(keeper)}; {plural(others, 'file goes', 'files go')} to the system trash (where{' '}
            {others === 1 ? 'it' : 'they'} can be restored from) and {others === 1 ? 'leaves' : 'leave'} the library.
          </p>
          <div className="button-row">
            <button
              type="button"
              className="button small danger"
              autoFocus
              onClick={() => {
                setAsking(false);
                void othersTrashed(key);
              }}
            >
              Move to the trash
            </button>
            <button type="button" className="button small" onClick={() => setAsking(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <ul className="dup-images" role="radiogroup" aria-label="Keep">
        {group.images.map((image) => (
          <li key={image.path} className={`dup-image${image.path === keeper ? ' keeper' : ''}`}>
            <label>
              <img src={thumbnailUrl(image.path)} alt="" loading="lazy" />
              <span className="dup-choice">
                <input
                  type="radio"
                  name={`keep-${key}`}
                  checked={image.path === keeper}
                  disabled={Boolean(done)}
                  onChange={() => keeperChosen(key, image.path)}
                  aria-label={`Keep ${fileName(image.path)}`}
                />
                <span className="ellipsis" title={image.path}>
                  {fileName(image.path)}
                </span>
              </span>
            </label>
            <dl className="dup-facts small-text">
              <dt>Resolution</dt>
              <dd className="tabular">
                {image.width}×{image.height}
              </dd>
              <dt>Size</dt>
              <dd className="tabular">{formatBytes(image.bytes)}</dd>
              <dt>Format</dt>
              <dd>{image.format.toUpperCase()}</dd>
              <dt>Date</dt>
              <dd>{when.format(image.modifiedMs)}</dd>
              <dt>Folder</dt>
              <dd className="ellipsis" title={image.folder}>
                {image.folder}
              </dd>
            </dl>
          </li>
        ))}
      </ul>
    </section>
  );
}
