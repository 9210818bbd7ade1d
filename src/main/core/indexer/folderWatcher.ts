/**
 * Watches library folders for changes and asks for a re-index of the folder that
 * changed. Bursts of events (a copy of 500 files, an editor's save) are folded
 * into one run by a debounce, and a run never overlaps another of the same
 * folder: changes seen while one runs start one more run after it.
 *
 * A run is told which paths changed (null: the whole folder, after a catch-up or
 * while the folder is polled), so a new image in a library of a million is
 * indexed by looking at its own folder, not at all of them. How a tree is
 * watched on each OS: treeWatch.ts.
 */
import path from 'node:path';
import { isInside } from '../files/readableFiles';
import { isLibraryPath } from '../files/videoFiles';
import { type TreeWatch, watchTree } from './treeWatch';

export interface FolderWatcherOptions {
  /**
   * Re-indexes one library folder, or only `changed` (paths inside it) when given; its failure is
   * reported by the caller, not here.
   */
  reindex: (folder: string, changed: string[] | null) => Promise<unknown>;
  /** Quiet time after the last change before re-indexing. */
  debounceMs?: number;
  /** Folders whose changes mean nothing to the library (the data folder, if it lies inside one). */
  ignore?: readonly string[];
  /** Told when a folder can no longer be watched (deleted, unmounted, out of inotify watches). */
  onError?: (folder: string, error: Error) => void;
  /** Told when a folder has more subfolders than the system lets be watched, and is polled instead. */
  onPolling?: (folder: string, message: string) => void;
  /** How often a polled folder is looked at (default 60 s). */
  pollMs?: number;
}

/** Past this many changed paths, a run looks at the whole folder rather than at each. */
const MAX_CHANGED = 1000;

interface Watched {
  watcher: TreeWatch;
  /** Paths changed since the last run started; null: the whole folder. */
  changed: Set<string> | null;
  timer: ReturnType<typeof setTimeout> | undefined;
  running: Promise<void> | null;
  /** Changes arrived while a run was in flight. */
  dirty: boolean;
}

export class FolderWatcher {
  private readonly watched = new Map<string, Watched>();
  private readonly debounceMs: number;

  constructor(private readonly options: FolderWatcherOptions) {
    this.debounceMs = options.debounceMs ?? 1500;
  }

  /** The folders being watched now. */
  folders(): string[] {
    return [...this.watched.keys()];
  }

  /** Starts watching a folder (no-op if it already is); throws if the OS refuses. */
  watch(folder: string): void {
    if (this.watched.has(folder)) return;
    const watcher = watchTree(folder, {
      onChange: (name) => {
        if (this.matters(folder, name)) this.changed(folder, name === null ? null : path.join(folder, name));
      },
      onError: (error) => {
        this.unwatch(folder);
        this.options.onError?.(folder, error);
      },
      onPolling: (message) => this.options.onPolling?.(folder, message),
      ...(this.options.pollMs ? { pollMs: this.options.pollMs } : {}),
    });
    this.watched.set(folder, { watcher, changed: new Set(), timer: undefined, running: null, dirty: false });
  }

  /** Resolves once every folder being watched has all its subfolders watched. */
  async ready(): Promise<void> {
    await Promise.all([...this.watched.values()].map((entry) => entry.watcher.ready));
  }

  unwatch(folder: string): void {
    const entry = this.watched.get(folder);
    if (!entry) return;
    clearTimeout(entry.timer);
    entry.watcher.close();
    this.watched.delete(folder);
  }

  /**
   * Schedules a re-index of what changed: `file`, or the whole folder when null (a catch-up after
   * time unwatched).
   */
  changed(folder: string, file: string | null = null): void {
    const entry = this.watched.get(folder);
    if (!entry) return;
    if (file === null || entry.changed === null || entry.changed.size >= MAX_CHANGED) entry.changed = null;
    else entry.changed.add(file);
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => this.run(folder), this.debounceMs);
  }

  /** Stops every watcher and waits for the runs in flight. */
  async close(): Promise<void> {
    const running = [...this.watched.values()].flatMap((e) => (e.running ? [e.running] : []));
    for (const folder of this.folders()) this.unwatch(folder);
    await Promise.all(running);
  }

  /** Image files, and names without an extension (folders), can change what the library holds. */
  private matters(folder: string, name: string | null): boolean {
    if (name === null) return true;
    const file = path.join(folder, name);
    if (this.options.ignore && isInside(file, this.options.ignore)) return false;
    return isLibraryPath(file) || path.extname(file) === '';
  }

  /** Changes arrived during a run: they are already collected; schedule the next run. */
  private rerun(folder: string): void {
    const entry = this.watched.get(folder);
    if (!entry) return;
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => this.run(folder), this.debounceMs);
  }

  private run(folder: string): void {
    const entry = this.watched.get(folder);
    if (!entry) return;
    entry.timer = undefined;
    if (entry.running) {
      entry.dirty = true;
      return;
    }
    entry.dirty = false;
    const changed = entry.changed ? [...entry.changed] : null;
    entry.changed = new Set();
    entry.running = this.options
      .reindex(folder, changed)
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        entry.running = null;
        if (entry.dirty && this.watched.get(folder) === entry) this.rerun(folder);
      });
  }
}
