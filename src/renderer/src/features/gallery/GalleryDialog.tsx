/**
 * The generation gallery as a dialog: every generated image with its prompt,
 * model and date, newest first, a filter, and a preview (with how the image
 * was made) on a click.
 */
import { useEffect } from 'react';
import { thumbnailUrl } from '../../api/client';
import { fileName, formatCount } from '../../lib/format';
import { Icon } from '../../ui/Icon';
import { useModalDialog } from '../../ui/useModalDialog';
import { usePreview } from '../preview/previewStore';
import { useSearch } from '../search/searchStore';
import { useGallery } from './galleryStore';
import './gallery.css';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function GalleryDialog() {
  const { open, filter, listing } = useGallery();
  const { galleryClosed, filterChanged, moreRequested } = useGallery.getState();
  const dialog = useModalDialog(open);

  // "More like this" from a preview opened here starts a search: its results are behind the dialog.
  const run = useSearch((s) => s.run);
  useEffect(() => {
    if (run.kind !== 'idle') galleryClosed();
  }, [run, galleryClosed]);

  const images = listing.kind === 'ready' ? listing.images : [];
  return (
    <dialog ref={dialog} className="gallery" aria-labelledby="gallery-title" onClose={galleryClosed}>
      <header className="gallery-head">
        <h2 id="gallery-title" className="panel-title">
          Generated images
        </h2>
        <input
          type="search"
          className="input gallery-filter"
          aria-label="Filter by prompt or model"
          placeholder="Filter by prompt or model"
          value={filter}
          onChange={(e) => filterChanged(e.target.value)}
        />
        <span className="muted small-text tabular" role="status">
          {listing.kind === 'ready'
            ? `${formatCount(listing.total)} image${listing.total === 1 ? '' : 's'}`
            : listing.kind === 'loading'
              ? 'Loading…'
              : ''}
        </span>
        <button type="button" className="icon-button" aria-label="Close gallery" onClick={galleryClosed}>
          <Icon name="close" />
        </button>
      </header>
      {listing.kind === 'failed' && (
        <p className="error gallery-empty" role="alert">
          {listing.message}
        </p>
      )}
      {listing.kind === 'ready' && images.length === 0 && (
        <p className="muted gallery-empty">
          {filter.trim() ? 'No generated image matches the filter.' : 'Images you generate will appear here.'}
        </p>
      )}
      <ul className="gallery-grid" aria-label="Gallery">
        {images.map((image, i) => (
          <li key={`${image.jobId}:${image.path}`}>
            <button
              type="button"
              className="gallery-item"
              title={image.path}
              onClick={() => usePreview.getState().listPreviewOpened(images, i)}
            >
              <img src={thumbnailUrl(image.path)} alt={fileName(image.path)} loading="lazy" />
              <span className="gallery-prompt">{image.prompt}</span>
              <span className="muted small-text">
                {image.model} ·{' '}
                <time dateTime={new Date(image.createdAt).toISOString()}>{when.format(image.createdAt)}</time>
              </span>
            </button>
          </li>
        ))}
      </ul>
      {listing.kind === 'ready' && images.length < listing.total && (
        <div className="gallery-more">
          <button type="button" className="button small" onClick={() => void moreRequested()}>
            Show more
          </button>
        </div>
      )}
    </dialog>
  );
}
