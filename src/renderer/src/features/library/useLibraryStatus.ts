/** The library's status, loaded on mount and refreshed whenever an indexing run finishes. */
import { useEffect, useState } from 'react';
import type { LibraryStatus } from '../../../../shared/types';
import { api } from '../../api/client';

export type LibraryStatusState =
  { kind: 'loading' } | { kind: 'ready'; status: LibraryStatus } | { kind: 'failed'; message: string };

export function useLibraryStatus(): LibraryStatusState {
  const [state, setState] = useState<LibraryStatusState>({ kind: 'loading' });

  useEffect(() => {
    let mounted = true;
    const load = (): void => {
      api.library.status({}).then(
        (status) => {
          if (mounted) setState({ kind: 'ready', status });
        },
        (err: unknown) => {
          if (mounted) setState({ kind: 'failed', message: err instanceof Error ? err.message : String(err) });
        },
      );
    };
    load();
    const unsubscribe = api.on('library.indexed', load);
    return () => {
      mounted = false;
      unsubscribe();
    };
  }, []);

  return state;
}
