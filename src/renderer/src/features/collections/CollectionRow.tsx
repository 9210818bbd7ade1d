/**
 * One collection in the sidebar: click to open it in the grid, drop results on
 * it to add them, rename it in place, or delete it after a confirmation.
 */
import { type DragEvent, useState } from 'react';
import type { CollectionSummary } from '../../../../shared/organize';
import { DRAG_RESULT, DRAG_SELECTION, hasType } from '../../lib/dragTypes';
import { plural } from '../../lib/format';
import { Icon } from '../../ui/Icon';
import { useSearch } from '../search/searchStore';
import { useCollections } from './collectionsStore';

/** The paths a drop carries: the selection dragged, else the one result under the pointer. */
function droppedPaths(event: DragEvent): string[] {
  const selection = event.dataTransfer.getData(DRAG_SELECTION);
  if (selection) {
    const parsed: unknown = JSON.parse(selection);
    if (Array.isArray(parsed)) return parsed.filter((p): p is string => typeof p === 'string');
  }
  const one = event.dataTransfer.getData(DRAG_RESULT);
  return one ? [one] : [];
}

export function CollectionRow({ collection }: { collection: CollectionSummary }) {
  const { collectionOpened, collectionRenamed, collectionDeleted, imagesDropped, sentToReferences } =
    useCollections.getState();
  const open = useSearch((s) => s.filters.collection?.toLowerCase() === collection.name.toLowerCase());
  const [mode, setMode] = useState<'idle' | 'renaming' | 'deleting'>('idle');
  const [draft, setDraft] = useState(collection.name);
  const [over, setOver] = useState(false);
  const { name } = collection;

  const accepts = (e: DragEvent) => hasType(e, DRAG_RESULT) || hasType(e, DRAG_SELECTION);

  return (
    <li
      className={`collection${open ? ' open' : ''}${over ? ' drop-target' : ''}`}
      aria-label={name}
      onDragEnter={(e) => {
        if (accepts(e)) setOver(true);
      }}
      onDragOver={(e) => {
        if (!accepts(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={(e) => {
        setOver(false);
        const paths = droppedPaths(e);
        if (paths.length === 0) return;
        e.preventDefault();
        void imagesDropped(name, paths);
      }}
    >
      {mode === 'renaming' ? (
        <form
          className="collection-rename"
          onSubmit={(e) => {
            e.preventDefault();
            void collectionRenamed(name, draft).then((ok) => ok && setMode('idle'));
          }}
        >
          <input
            className="input"
            aria-label={`New name for ${name}`}
            value={draft}
            autoFocus
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setMode('idle');
            }}
          />
        </form>
      ) : (
        <div className="collection-head">
          <button
            type="button"
            className="collection-open"
            aria-pressed={open}
            aria-label={`Open ${name}, ${plural(collection.count, 'image', 'images')}`}
            title={open ? 'Shown in the grid; click to show the whole library' : `Show “${name}” in the grid`}
            onClick={() => void collectionOpened(open ? null : name)}
          >
            <Icon name="board" size={14} />
            <span className="collection-name ellipsis">{name}</span>
            <span className="muted small-text tabular">{collection.count}</span>
          </button>
          <button
            type="button"
            className="icon-button quiet"
            aria-label={`Send ${name} to references`}
            title="Add its images to the reference tray"
            disabled={collection.count === 0}
            onClick={() => void sentToReferences(name)}
          >
            <Icon name="plus" size={12} />
          </button>
          <button
            type="button"
            className="icon-button quiet"
            aria-label={`Rename ${name}`}
            title="Rename"
            onClick={() => {
              setDraft(name);
              setMode('renaming');
            }}
          >
            <Icon name="pencil" size={12} />
          </button>
          <button
            type="button"
            className="icon-button quiet"
            aria-label={`Delete ${name}`}
            title="Delete the collection (its images stay in the library)"
            aria-expanded={mode === 'deleting'}
            onClick={() => setMode(mode === 'deleting' ? 'idle' : 'deleting')}
          >
            <Icon name="trash" size={12} />
          </button>
        </div>
      )}
      {mode === 'deleting' && (
        <div className="folder-confirm" role="alertdialog" aria-label={`Delete ${name}?`}>
          <p className="small-text">
            The collection of {plural(collection.count, 'image', 'images')} goes; the images stay in the library.
          </p>
          <div className="button-row">
            <button
              type="button"
              className="button small danger"
              autoFocus
              onClick={() => {
                setMode('idle');
                void collectionDeleted(name);
              }}
            >
              Delete
            </button>
            <button type="button" className="button small" onClick={() => setMode('idle')}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </li>
  );
}
