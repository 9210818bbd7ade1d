/** The main area: filters, then the results or the empty state that says what to do next. */
import { type DragEvent, useState } from 'react';
import { firstImage } from '../../lib/readFile';
import { Icon } from '../../ui/Icon';
import { BrowseBar } from '../browse/BrowseBar';
import { useBrowse } from '../browse/browseStore';
import { EmptyLibrary } from '../library/EmptyLibrary';
import { useIndexingActive, useLibrary } from '../library/libraryStore';
import { MarksBar } from '../organize/MarksBar';
import { FilterBar } from '../search/FilterBar';
import { SearchNotice } from '../search/SearchNotice';
import { useSearch } from '../search/searchStore';
import { useSelection } from '../selection/selectionStore';
import { GridControls } from './GridControls';
import { useBrowsing, useGridImages } from './gridImages';
import { PreviewDialog } from './PreviewDialog';
import { ResultMenu } from './ResultMenu';
import { ResultsGrid } from './ResultsGrid';
import { useResultsUi } from './resultsStore';
import { SelectionBar } from './SelectionBar';
import './results.css';

function Hint() {
  const run = useSearch((s) => s.run);
  const listing = useBrowse((s) => s.listing);
  const status = useLibrary((s) => s.status);
  const indexing = useIndexingActive();
  if (status.kind === 'loading') return null;
  if (indexing && status.kind === 'ready' && status.status.files === 0) {
    return (
      <div className="hint">
        <div className="empty-icon">
          <Icon name="folder" size={26} />
        </div>
        <h2>Indexing your folder</h2>
        <p>Progress shows on the left. You can search as soon as the first images are in.</p>
      </div>
    );
  }
  if (status.kind === 'ready' && status.status.folders.length === 0) return <EmptyLibrary />;
  if (run.kind === 'done') {
    return (
      <div className="hint">
        <h2>No images match</h2>
        <p>Try fewer words, remove a filter, or drop an example image on the search box.</p>
      </div>
    );
  }
  if (run.kind !== 'idle') return null;
  if (listing.kind === 'loading') return null;
  if (listing.kind === 'ready' && status.kind === 'ready' && status.status.files > 0) {
    return (
      <div className="hint">
        <h2>No images here</h2>
        <p>This folder holds no indexed images. Choose another in the library’s folders.</p>
      </div>
    );
  }
  return (
    <div className="hint">
      <div className="empty-icon">
        <Icon name="search" size={26} />
      </div>
      <h2>Find an image</h2>
      <p>
        Describe it in the search box (“stormy sea at dusk”), steer away with a minus (“castle - ruins”), or drop an
        image anywhere here to find ones like it.
      </p>
    </div>
  );
}

/** The active result's tags, rating and note; while several are selected, the selection bar tags and rates them. */
function ActiveMarks() {
  const results = useGridImages();
  const active = useResultsUi((s) => s.active);
  const several = useSelection((s) => s.selected.size > 1);
  const hit = results[active];
  return hit && !several ? <MarksBar path={hit.path} /> : null;
}

export function ResultsPane() {
  const results = useGridImages();
  const browsing = useBrowsing();
  const exampleDropped = useSearch((s) => s.exampleDropped);
  const [dragging, setDragging] = useState(false);

  const drop = (event: DragEvent) => {
    setDragging(false);
    const image = firstImage(event.dataTransfer.files);
    const files = Array.from(event.dataTransfer.files);
    if (!image && files.length === 0) return;
    event.preventDefault();
    if (image) void exampleDropped(image);
    else useSearch.getState().nonImageDropped(files.map((f) => f.name));
  };

  return (
    <main
      className={`results-pane${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        if (Array.from(e.dataTransfer.types).includes('Files')) {
          e.preventDefault();
          setDragging(true);
        }
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={drop}
    >
      <FilterBar />
      <SearchNotice />
      {browsing ? (
        <BrowseBar>
          <GridControls />
        </BrowseBar>
      ) : (
        <div className="browse-bar view-bar">
          <GridControls />
        </div>
      )}
      <div className="results-body">
        <ResultsGrid />
        {results.length === 0 && (
          <div className="results-overlay">
            <Hint />
          </div>
        )}
      </div>
      <SelectionBar />
      <ActiveMarks />
      <PreviewDialog />
      <ResultMenu />
    </main>
  );
}
