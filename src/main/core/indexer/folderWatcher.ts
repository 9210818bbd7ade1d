/**
 * Watches library folders for changes and asks for a re-index of the folder that
 * changed. Bursts of events (a copy of 500 files, an editor's save) are folded
 * into one run by a debounce, and a run never overlaps another of the same
 * folder: changes seen while one runs start one more run after it.
 *
 * fs.watch is recursive on macOS and Windows, and on Linux since Node 20.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isInside } from '../files/readableFiles';
import { isLibraryPath } from '../files/videoFiles';

export interface FolderWatcherOptions {
  /** Re-indexes one library folder; its failure is reported by the caller, not here. */
  reindex: (folder: string) => Promise<unknown>;
  /** Quiet time after the last change before re-indexing. */
  debounceMs?: number;
  /** Folders whose changes mean nothing to the library (the data folder, if it lies inside one). */
  ignore?: readonly string[];
  /** Told when a folder can no longer be watched (deleted, unmounted, out of inotify watches). */
  onError?: (folder: string, error: Error) => void;
}

interface Watched {
  watcher: fs.FSWatcher;
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
    const watcher = fs.watch(folder, { recursive: true, persistent: false }, (_event, name) => {
      if (this.matters(folder, name)) this.changed(folder);
    });
    watcher.on('error', (error) => {
      this.unwatch(folder);
      this.options.onError?.(folder, error);
    });
    this.watched.set(folder, { watcher, timer: undefined, running: null, dirty: false });
  }

  unwatch(folder: string): void {
    const entry = this.watched.get(folder);
    if (!entry) return;
    clearTimeout(entry.timer);
    entry.watcher.close();
    this.watched.delete(folder);
  }

  /** Schedules a re-index as if the folder had changed (a catch-up after time unwatched). */
  changed(folder: string): void {
    const entry = this.watched.get(folder);
    if (!entry) return;
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
  private matters(folder: string, name: string | Buffer | null): boolean {
    if (name === null) return true;
    const file = path.join(folder, name.toString());
    if (this.options.ignore && isInside(file, this.options.ignore)) return false;
    return isLibraryPath(file) || path.extname(file) === '';
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
    entry.running = this.options
      .reindex(folder)
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        entry.running = null;
        if (entry.dirty && this.watched.get(folder) === entry) this.changed(folder);
      });
  }
}
