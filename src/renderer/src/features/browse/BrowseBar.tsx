/** Above the grid while browsing (no query): where it is, how many images, and their order. */
import type { ReactNode } from 'react';
import { plural } from '../../lib/format';
import { Breadcrumbs } from './Breadcrumbs';
import { useBrowse } from './browseStore';
import { SortControls } from './SortControls';
import './browse.css';

/** `children` come last: the grid's own controls. */
export function BrowseBar({ children }: { children?: ReactNode }) {
  const listing = useBrowse((s) => s.listing);
  return (
    <div className="browse-bar">
      <Breadcrumbs />
      <span className="browse-total muted tabular" aria-live="polite">
        {listing.kind === 'ready' && plural(listing.total, 'image', 'images')}
        {listing.kind === 'failed' && (
          <span className="error" role="alert">
            {listing.message}
          </span>
        )}
      </span>
      <SortControls />
      {children}
    </div>
  );
}
