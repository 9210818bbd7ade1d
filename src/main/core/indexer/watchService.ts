/**
 * Watching library folders, on or off per folder: the choice is kept in the
 * catalog (`roots.watch`), so the watchers come back when the app starts again,
 * and a change in a watched folder re-indexes that folder alone through the
 * library's ordinary indexing job (moves, changes and deletions included).
 */
import type { Catalog } from '../catalog/catalog';
import { FolderWatcher } from './folderWatcher';
import type { LibraryService } from './libraryService';

export class WatchError extends Error {}

export interface WatchServiceOptions {
  debounceMs?: number;
  /** Folders to ignore changes in (the data folder). */
  ignore?: readonly string[];
}

export class WatchService {
  private readonly watcher: FolderWatcher;

  constructor(
    private readonly catalog: Catalog,
    library: LibraryService,
    options: WatchServiceOptions = {},
  ) {
    this.watcher = new FolderWatcher({
      // The job reports its own failure (a `library.failed` event and the job row).
      reindex: (folder, changed) => library.index([folder], undefined, changed ?? undefined),
      debounceMs: options.debounceMs,
      ignore: options.ignore,
      onError: (folder, error) => console.warn(`[watch] stopped watching ${folder}: ${error.message}`),
      onPolling: (_folder, message) => console.warn(`[watch] ${message}`),
    });
  }

  /**
   * Turns watching a library folder on or off and remembers the choice. Turning
   * it on also re-indexes the folder once, to catch what changed while it was not watched.
   */
  set(folder: string, on: boolean): { watching: boolean } {
    const root = this.catalog.root(folder);
    if (!root) throw new WatchError(`Not a folder of the library: ${folder}`);
    if (on) {
      try {
        this.watcher.watch(root.path);
      } catch (err) {
        throw new WatchError(`Cannot watch ${root.path}: ${(err as Error).message}`);
      }
      this.watcher.changed(root.path);
    } else {
      this.watcher.unwatch(root.path);
    }
    this.catalog.setRootWatch(root.id, on);
    return { watching: on };
  }

  /**
   * Starts watching every folder marked as watched (at app start). With
   * `catchUp`, each is re-indexed once for what changed while the app was closed.
   */
  resume(options: { catchUp: boolean }): string[] {
    const started: string[] = [];
    for (const root of this.catalog.roots()) {
      if (!root.watch) continue;
      try {
        this.watcher.watch(root.path);
        if (options.catchUp) this.watcher.changed(root.path);
        started.push(root.path);
      } catch (err) {
        console.warn(`[watch] cannot watch ${root.path}: ${(err as Error).message}`);
      }
    }
    return started;
  }

  /** A folder left the library: stop watching it. */
  forget(folder: string): void {
    this.watcher.unwatch(folder);
  }

  /** Resolves once the watched folders' subfolders are all watched (a large tree takes a moment). */
  ready(): Promise<void> {
    return this.watcher.ready();
  }

  watching(): string[] {
    return this.watcher.folders();
  }

  close(): Promise<void> {
    return this.watcher.close();
  }
}
