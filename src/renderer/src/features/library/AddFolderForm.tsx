/** Adds a folder: by its path (in a browser, and in Electron too), or with the OS's picker in Electron. */
import { type FormEvent, useEffect, useState } from 'react';
import { runtime } from '../../api/client';
import { Icon } from '../../ui/Icon';
import { useIndexingActive, useLibrary } from './libraryStore';
import './library.css';

export function AddFolderForm({ autoFocus = false }: { autoFocus?: boolean }) {
  const [folder, setFolder] = useState('');
  const folderSubmitted = useLibrary((s) => s.folderSubmitted);
  const folderPickRequested = useLibrary((s) => s.folderPickRequested);
  const busy = useIndexingActive();
  const job = useLibrary((s) => s.job);
  // The path sent, cleared from the field only once its indexing has finished: after an error
  // (a typo, a folder that is gone) it stays, to be corrected rather than typed again.
  const [sent, setSent] = useState<string | null>(null);

  useEffect(() => {
    if (sent === null) return;
    if (job.kind === 'finished') setFolder((now) => (now === sent ? '' : now));
    if (job.kind === 'finished' || job.kind === 'failed') setSent(null);
  }, [job, sent]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!folder.trim() || busy) return;
    setSent(folder);
    void folderSubmitted(folder);
  };

  return (
    <form className="add-folder" onSubmit={submit} aria-label="Add a folder">
      <label className="field-label" htmlFor="folder-path">
        Folder path
      </label>
      <div className="add-folder-row">
        <input
          id="folder-path"
          className="input mono"
          type="text"
          placeholder="/home/you/Pictures/refs"
          value={folder}
          onChange={(e) => setFolder(e.target.value)}
          spellCheck={false}
          autoComplete="off"
          autoFocus={autoFocus}
        />
        {runtime === 'electron' && (
          <button type="button" className="button" onClick={() => void folderPickRequested()} disabled={busy}>
            Browse…
          </button>
        )}
      </div>
      <button type="submit" className="button primary wide" disabled={busy || !folder.trim()}>
        <Icon name="plus" />
        Add folder
      </button>
    </form>
  );
}
