/** The app shell: the name, the library's status, and what to do next. */
import { EmptyLibrary } from './features/library/EmptyLibrary';
import { LibrarySummary } from './features/library/LibrarySummary';
import { useLibraryStatus, type LibraryStatusState } from './features/library/useLibraryStatus';

function LibraryView({ state }: { state: LibraryStatusState }) {
  switch (state.kind) {
    case 'loading':
      return <p role="status">Loading your library…</p>;
    case 'failed':
      return (
        <p role="alert" className="error">
          Could not read the library: {state.message}
        </p>
      );
    case 'ready':
      return (
        <>
          <LibrarySummary status={state.status} />
          {state.status.folders.length === 0 && <EmptyLibrary />}
        </>
      );
  }
}

export function App() {
  const library = useLibraryStatus();
  return (
    <div className="shell">
      <header className="shell-header">
        <h1>Atelier</h1>
      </header>
      <main className="shell-main">
        <LibraryView state={library} />
      </main>
    </div>
  );
}
