/** The files the indexer could not use, each with its reason. */
import { fileName } from '../../lib/format';
import type { SkippedState } from './libraryStore';
import './library.css';

export function SkippedList({ state, root }: { state: SkippedState; root: string }) {
  switch (state.kind) {
    case 'loading':
      return <p className="muted small-text">Loading…</p>;
    case 'failed':
      return <p className="error small-text">{state.message}</p>;
    case 'ready':
      return (
        <ul className="skipped" aria-label={`Skipped files in ${fileName(root)}`}>
          {state.files.map((file) => (
            <li key={file.path} title={file.path}>
              <span className="skipped-name">
                {file.path.startsWith(root) ? file.path.slice(root.length + 1) : file.path}
              </span>
              <span className="skipped-reason">{file.reason}</span>
            </li>
          ))}
        </ul>
      );
  }
}
