/**
 * The status bar: where the model runs, the vector store, the library's size, how many images have had
 * their text read, background jobs, the connection.
 */
import { useSyncExternalStore } from 'react';
import type { LibraryStatus } from '../../../../shared/types';
import { connectionState, onConnectionChange } from '../../api/client';
import { formatCount, plural } from '../../lib/format';
import { Icon } from '../../ui/Icon';
import { isActive, useGenerate } from '../generate/generateStore';
import { useLibrary } from '../library/libraryStore';
import { useActiveDownloads } from '../settings/settingsStore';
import { useVectorStore } from '../settings/vectorStoreState';

function Jobs() {
  const job = useLibrary((s) => s.job);
  const downloads = useActiveDownloads();
  const generating = useGenerate((s) => s.jobs.filter(isActive).length);
  const parts: string[] = [];
  if (job.kind === 'starting' || job.kind === 'running' || job.kind === 'stopping') {
    const p = job.kind === 'starting' ? null : job.progress;
    const what = p?.phase === 'reading' ? 'Reading text' : 'Indexing';
    parts.push(p && p.total > 0 ? `${what} ${formatCount(p.done)}/${formatCount(p.total)}` : `${what}…`);
  }
  if (job.kind === 'paused') parts.push('Indexing paused');
  if (downloads > 0) parts.push(plural(downloads, 'download', 'downloads'));
  if (generating > 0) parts.push(plural(generating, 'generation', 'generations'));
  return <span aria-label="Background jobs">{parts.length ? parts.join(' · ') : 'No background jobs'}</span>;
}

/** Images whose text the current OCR model has read (or failed to read), out of the library's images. */
function TextRead({ ocr }: { ocr: LibraryStatus['ocr'] }) {
  if (ocr.total === 0) return null;
  return (
    <span aria-label="Images whose text is read" title="Images whose text has been read, out of all images">
      Text {formatCount(ocr.done)}/{formatCount(ocr.total)}
    </span>
  );
}

/** The store in use, and a warning while it is down (the changes wait in the catalog). */
function Store() {
  const store = useVectorStore((s) => s.current);
  const name = store?.kind === 'milvus' ? 'Milvus' : 'Embedded store';
  const down = store?.health === 'down';
  const waiting = store?.pending ? ` · ${formatCount(store.pending)} waiting` : '';
  return (
    <span title={down ? store?.message : 'Where vectors are kept'} className={down ? 'error' : undefined}>
      <Icon name="database" size={13} /> {name}
      {down ? ' unreachable' : ''}
      {waiting}
    </span>
  );
}

export function StatusBar() {
  const status = useLibrary((s) => s.status);
  const connection = useSyncExternalStore(onConnectionChange, connectionState);
  const ready = status.kind === 'ready' ? status.status : null;
  return (
    <footer className="status-bar">
      <span title={ready?.provider?.fallbackReason ?? 'Where the CLIP model runs'}>
        <Icon name="cpu" size={13} /> {ready?.provider ? ready.provider.provider.toUpperCase() : '—'}
      </span>
      <Store />
      <span>{ready ? plural(ready.files, 'image', 'images') : '…'}</span>
      {ready && <TextRead ocr={ready.ocr} />}
      <Jobs />
      <span className="spacer" />
      {connection === 'lost' && (
        <span className="error" role="alert">
          Disconnected from the server, reconnecting…
        </span>
      )}
    </footer>
  );
}
