/** One folder of the library: its counts, watching it for changes, its skipped files on demand, and removal. */
import { useState } from 'react';
import type { LibraryFolder } from '../../../../shared/types';
import { folderName, formatCount, plural } from '../../lib/format';
import { Icon } from '../../ui/Icon';
import { useLibrary } from './libraryStore';
import { SkippedList } from './SkippedList';
import './library.css';

export function FolderRow({ folder }: { folder: LibraryFolder }) {
  const open = useLibrary((s) => s.skipped[folder.path]);
  const { skippedToggled, removalConfirmed, watchToggled } = useLibrary.getState();
  const [asking, setAsking] = useState(false);
  const dataDir = useLibrary((s) => (s.status.kind === 'ready' ? s.status.status.dataDir : null));
  const name = folderName(folder.path, dataDir);
  const pending = folder.files - folder.embedded;

  return (
    <li className="folder" aria-label={name}>
      <div className="folder-head">
        <Icon name="folder" />
        <div className="folder-text">
          <span className="folder-name" title={folder.path}>
            {name}
          </span>
          <span className="folder-counts muted tabular">
            {plural(folder.files, 'image', 'images')}
            {pending > 0 ? ` · ${formatCount(pending)} not indexed by this model` : ''}
            {folder.watch ? ' · watched' : ''}
          </span>
        </div>
        <button
          type="button"
          role="switch"
          aria-checked={folder.watch}
          className={`icon-button${folder.watch ? ' on' : ' quiet'}`}
          aria-label={`Watch ${name} for changes`}
          title={
            folder.watch
              ? 'Watched: new and changed images are indexed as they appear. Click to stop.'
              : 'Watch for changes: index new and changed images as they appear'
          }
          onClick={() => void watchToggled(folder.path, !folder.watch)}
        >
          <Icon name="eye" size={14} />
        </button>
        <button
          type="button"
          className="icon-button quiet"
          aria-label={`Remove ${name} from the library`}
          title="Remove from the library (the files stay on disk)"
          aria-expanded={asking}
          onClick={() => setAsking(!asking)}
        >
          <Icon name="trash" size={14} />
        </button>
      </div>
      {asking && (
        <div className="folder-confirm" role="alertdialog" aria-label={`Remove ${name}?`}>
          <p className="small-text">
            {plural(folder.files, 'image leaves', 'images leave')} the index. The files stay on disk.
          </p>
          <div className="button-row">
            <button
              type="button"
              className="button small danger"
              autoFocus
              onClick={() => {
                setAsking(false);
                removalConfirmed(folder.path, folder.files);
              }}
            >
              Remove
            </button>
            <button type="button" className="button small" onClick={() => setAsking(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {folder.skipped > 0 && (
        <button
          type="button"
          className="link-button small-text"
          aria-expanded={open !== undefined}
          onClick={() => void skippedToggled(folder.path)}
        >
          <Icon name="warning" size={12} /> {plural(folder.skipped, 'file', 'files')} skipped
        </button>
      )}
      {open && <SkippedList state={open} root={folder.path} />}
    </li>
  );
}
