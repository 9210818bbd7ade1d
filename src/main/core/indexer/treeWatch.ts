/**
 * Watches a folder and everything inside it. macOS (FSEvents) and Windows
 * (ReadDirectoryChangesW) watch a whole tree natively: one recursive fs.watch.
 * Linux's inotify watches one directory at a time, and Node 20's recursive
 * fs.watch there keeps a watch and a stat for every file: a library of a
 * million images would need a million watches (past any default limit) and
 * their memory. Here Linux gets one watch per directory, a few thousand for
 * such a library. Where the system refuses more watches (its inotify limit),
 * the tree is checked by polling instead, and the caller is told why.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

/** How a tree is watched: natively as a tree, one watch per directory, or by polling. */
export type WatchMode = 'tree' | 'directories' | 'polling';

export interface TreeWatchOptions {
  /** A change at `relative` (to the root); null when only "something may have changed" is known. */
  onChange: (relative: string | null) => void;
  /** The root itself can no longer be watched (deleted, unmounted). */
  onError: (error: Error) => void;
  /** Told once, when watches ran out and the tree is polled instead. */
  onPolling?: (message: string) => void;
  /** How often a polled tree is reported as possibly changed (default 60 s). */
  pollMs?: number;
  platform?: NodeJS.Platform;
  /** At most this many directory watches (default: as many as the system allows). */
  maxWatches?: number;
}

export interface TreeWatch {
  readonly mode: () => WatchMode;
  /** Resolves once every folder that was in the tree at the start is watched (or polling began). */
  readonly ready: Promise<void>;
  close(): void;
}

const hasTreeWatch = (platform: NodeJS.Platform) => platform === 'darwin' || platform === 'win32';

/** Out of watches: inotify's per-user limit (ENOSPC), or of file descriptors (EMFILE). */
function isLimit(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOSPC' || code === 'EMFILE' || code === 'ENFILE';
}

function inotifyLimit(): string {
  try {
    return fs.readFileSync('/proc/sys/fs/inotify/max_user_watches', 'utf8').trim();
  } catch {
    return 'unknown';
  }
}

class LimitReached extends Error {}

/** Starts watching `root`; throws if the root itself cannot be watched. */
export function watchTree(root: string, options: TreeWatchOptions): TreeWatch {
  const platform = options.platform ?? process.platform;
  if (hasTreeWatch(platform)) {
    const watcher = fs.watch(root, { recursive: true, persistent: false }, (_event, name) =>
      options.onChange(name === null ? null : name.toString()),
    );
    watcher.on('error', options.onError);
    return { mode: () => 'tree', ready: Promise.resolve(), close: () => watcher.close() };
  }
  return new DirectoryWatches(root, options);
}

class DirectoryWatches implements TreeWatch {
  private readonly watchers = new Map<string, fs.FSWatcher>();
  private poll: ReturnType<typeof setInterval> | null = null;
  private closed = false;
  readonly ready: Promise<void>;

  constructor(
    private readonly root: string,
    private readonly options: TreeWatchOptions,
  ) {
    // The root at once, so a folder that cannot be watched fails here; what it holds in the background.
    this.watchDir(root);
    this.ready = this.addTree(root);
  }

  mode(): WatchMode {
    return this.poll ? 'polling' : 'directories';
  }

  close(): void {
    this.closed = true;
    if (this.poll) clearInterval(this.poll);
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  private watchDir(dir: string): void {
    if (this.closed || this.poll || this.watchers.has(dir)) return;
    if (this.options.maxWatches !== undefined && this.watchers.size >= this.options.maxWatches) {
      throw new LimitReached(`more than ${this.options.maxWatches} folders`);
    }
    const watcher = fs.watch(dir, { persistent: false }, (_event, name) => this.changed(dir, name));
    watcher.on('error', (error) => {
      if (dir === this.root) this.options.onError(error);
      else this.forget(dir);
    });
    this.watchers.set(dir, watcher);
  }

  /** Watches every folder under `dir` (hidden ones are not part of a library, as in the scan). */
  private async addTree(dir: string): Promise<void> {
    const pending = [dir];
    while (pending.length && !this.closed && !this.poll) {
      const at = pending.pop()!;
      let entries: fs.Dirent[];
      try {
        entries = await fsp.readdir(at, { withFileTypes: true });
      } catch {
        continue; // gone or unreadable: the scan reports it
      }
      for (const entry of entries) {
        if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
        const full = path.join(at, entry.name);
        try {
          this.watchDir(full);
        } catch (err) {
          if (err instanceof LimitReached || isLimit(err)) return this.fallBackToPolling(err as Error);
          continue; // vanished meanwhile
        }
        pending.push(full);
      }
    }
  }

  private changed(dir: string, name: string | Buffer | null): void {
    if (this.closed) return;
    if (name === null) {
      this.options.onChange(path.relative(this.root, dir) || null);
      return;
    }
    const full = path.join(dir, name.toString());
    this.options.onChange(path.relative(this.root, full));
    if (this.poll || name.toString().startsWith('.')) return;
    const stat = fs.statSync(full, { throwIfNoEntry: false });
    if (stat?.isDirectory()) {
      try {
        this.watchDir(full);
        void this.addTree(full);
      } catch (err) {
        if (err instanceof LimitReached || isLimit(err)) this.fallBackToPolling(err as Error);
      }
    } else if (!stat) {
      for (const watched of this.watchers.keys()) {
        if (watched === full || watched.startsWith(full + path.sep)) this.forget(watched);
      }
    }
  }

  private forget(dir: string): void {
    this.watchers.get(dir)?.close();
    this.watchers.delete(dir);
  }

  private fallBackToPolling(err: Error): void {
    if (this.closed || this.poll) return;
    for (const watcher of this.watchers.values()) watcher.close();
    const watched = this.watchers.size;
    this.watchers.clear();
    const pollMs = this.options.pollMs ?? 60_000;
    this.poll = setInterval(() => this.options.onChange(null), pollMs);
    this.poll.unref();
    const why =
      err instanceof LimitReached
        ? err.message
        : `the system's limit of inotify watches (fs.inotify.max_user_watches = ${inotifyLimit()}), after ${watched}`;
    this.options.onPolling?.(
      `${this.root} has more folders than can be watched (${why}); it is checked for changes every ` +
        `${Math.round(pollMs / 1000)} s instead. To watch it live, raise the limit, e.g. ` +
        `sudo sysctl fs.inotify.max_user_watches=1048576`,
    );
  }
}
