/** The sidebar: the library's folders, adding one, the indexing job, and the collections. */
import { plural } from '../../lib/format';
import { FolderTree } from '../browse/FolderTree';
import { CollectionsPanel } from '../collections/CollectionsPanel';
import { AddFolderForm } from './AddFolderForm';
import { FolderRow } from './FolderRow';
import { IndexProgress } from './IndexProgress';
import { useLibrary } from './libraryStore';
import { RemovalUndo } from './RemovalUndo';
import './library.css';

export function LibraryPanel() {
  const status = useLibrary((s) => s.status);
  const notice = useLibrary((s) => s.notice);
  const leaving = useLibrary((s) => s.leaving);
  const folders = (status.kind === 'ready' ? status.status.folders : []).filter((f) => f.path !== leaving?.folder);

  return (
    <aside className="sidebar" id="library-panel" aria-labelledby="library-title">
      <div className="panel-head">
        <h2 id="library-title" className="panel-title">
          Library
        </h2>
        {status.kind === 'ready' && (
          <span className="muted small-text tabular">{plural(status.status.files, 'image', 'images')}</span>
        )}
      </div>
      {status.kind === 'failed' && (
        <p role="alert" className="error small-text">
          Could not read the library: {status.message}
        </p>
      )}
      {folders.length > 0 && (
        <ul className="folders" aria-label="Library folders">
          {folders.map((folder) => (
            <FolderRow key={folder.path} folder={folder} />
          ))}
        </ul>
      )}
      {leaving && <RemovalUndo folder={leaving.folder} files={leaving.files} />}
      <FolderTree />
      <IndexProgress />
      {notice && (
        <p role="alert" className="error small-text">
          {notice}
        </p>
      )}
      <AddFolderForm autoFocus={status.kind === 'ready' && folders.length === 0} />
      {status.kind === 'ready' && status.status.files > 0 && <CollectionsPanel />}
    </aside>
  );
}
