/**
 * Walks folders and lists the image files in them with their size and
 * modification time. Follows symbolic links, but never into a folder it has
 * already entered (a link loop), and reports what it could not read instead of
 * stopping.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { isLibraryPath } from '../files/videoFiles';

export interface ScannedFile {
  path: string;
  size: number;
  mtimeMs: number;
  /** Changes with the file's mode or owner too, where size and mtime stay. */
  ctimeMs: number;
}

export interface ScanProblem {
  path: string;
  reason: string;
}

export interface ScanResult {
  files: ScannedFile[];
  problems: ScanProblem[];
  /**
   * Folders that could not be read (gone for a moment, a share that dropped): what the catalog
   * holds under them is not known to be gone, and is kept.
   */
  unread: string[];
}

const UNNAMABLE_FILE = 'file name is not valid UTF-8; rename it to index it';
const UNNAMABLE_FOLDER = 'folder name is not valid UTF-8; rename it to index what it holds';

export function reasonFor(err: unknown, what: 'folder' | 'file'): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return `unreadable ${what}: permission denied`;
  if (code === 'ELOOP') return 'symbolic link loop';
  if (code === 'ENOENT') return `${what} vanished during the scan`;
  return `unreadable ${what} (${code ?? (err as Error).message})`;
}

/**
 * Files stat'ed between two turns of the event loop. A stat is a system call
 * of a few microseconds on a local disk or a healthy share; made one promise
 * at a time through libuv's thread pool, each costs a round trip that made a
 * scan of a million files take minutes instead of seconds. Batches of
 * synchronous calls keep it close to `find`, and the loop still turns often.
 */
const STATS_PER_TURN = 2000;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** What a name read as text becomes where its bytes are not UTF-8. */
const REPLACEMENT = '\ufffd';

type Entry = import('node:fs').Dirent<string> | import('node:fs').Dirent<Buffer>;

export interface ScanOptions {
  /** Told how many files were found so far. */
  onFile?: (count: number) => void;
  /** False: the files directly in the folder only, not in its subfolders (default true). */
  recursive?: boolean;
  /**
   * Given each folder's files once the folder is read (and the folder's own modification time, read
   * before it was listed), instead of their being gathered into the result: a library of a million
   * files is then compared a folder at a time, never held whole.
   */
  onFolder?: (dir: string, files: ScannedFile[], dirMtimeMs: number) => void;
  /**
   * Given the names of each folder's regular files, unstat'ed (and the files reached through
   * links, stat'ed), instead of `onFolder`: the stat calls, most of a re-index's time, are then made elsewhere
   * (scanPool.ts spreads them over worker threads). The walk waits while the promise is pending.
   */
  statLater?: (dir: string, names: string[], linked: ScannedFile[], dirMtimeMs: number) => Promise<void> | void;
}

/** A file as the scan reports it, from its stat. */
export function scannedFile(full: string, stat: import('node:fs').Stats): ScannedFile {
  return { path: full, size: stat.size, mtimeMs: Math.trunc(stat.mtimeMs), ctimeMs: Math.trunc(stat.ctimeMs) };
}

export async function scanFolder(
  root: string,
  { onFile, recursive = true, onFolder, statLater }: ScanOptions = {},
): Promise<ScanResult> {
  const files: ScannedFile[] = [];
  let found = 0;
  const problems: ScanProblem[] = [];
  const unread: string[] = [];
  const entered = new Set<string>();
  let sinceTurn = 0;

  /**
   * Counts one file system call, giving the event loop a turn every so often. Only the calls that
   * take the turn await: a promise per file was a third of a scan's time.
   */
  const due = () => {
    if (++sinceTurn < STATS_PER_TURN) return false;
    sinceTurn = 0;
    return true;
  };

  /**
   * A folder's entries with their names, sorted. Read as text, which costs nothing per name; only a
   * folder where some name did not decode (it holds the replacement character) is read again as
   * bytes, so that a name that is not UTF-8 is told apart from one that merely contains that character.
   */
  async function entriesOf(dir: string): Promise<Array<{ entry: Entry; name: string; valid: boolean }>> {
    const named: Array<{ entry: Entry; name: string; valid: boolean }> = [];
    const asText = await fsp.readdir(dir, { withFileTypes: true });
    if (asText.some((entry) => entry.name.includes(REPLACEMENT))) {
      for (const entry of await fsp.readdir(dir, { withFileTypes: true, encoding: 'buffer' })) {
        const name = entry.name.toString('utf8');
        named.push({ entry, name, valid: Buffer.from(name, 'utf8').equals(entry.name) });
      }
    } else {
      for (const entry of asText) named.push({ entry, name: entry.name, valid: true });
    }
    named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return named;
  }

  async function walk(dir: string): Promise<void> {
    if (due()) await turn();
    let real: string;
    try {
      real = fs.realpathSync.native(dir);
    } catch (err) {
      problems.push({ path: dir, reason: reasonFor(err, 'folder') });
      unread.push(dir);
      return;
    }
    if (entered.has(real)) {
      if (dir !== real) problems.push({ path: dir, reason: 'symbolic link loop (folder already scanned)' });
      return;
    }
    entered.add(real);
    let named: Awaited<ReturnType<typeof entriesOf>>;
    // The folder's own time, read before it is listed: a change after this changes it (folderScans.ts).
    let dirMtimeMs = NaN;
    try {
      if (onFolder || statLater) dirMtimeMs = Math.trunc(fs.statSync(dir).mtimeMs);
      named = await entriesOf(dir);
    } catch (err) {
      problems.push({ path: dir, reason: reasonFor(err, 'folder') });
      unread.push(dir);
      return;
    }
    const base = dir.endsWith(path.sep) ? dir : dir + path.sep;
    const here: ScannedFile[] = onFolder || statLater ? [] : files;
    const unstated: string[] = [];
    for (const { entry, name, valid } of named) {
      // Hidden files and folders (.git, .DS_Store, editors' caches) are not part of a library.
      if (name.startsWith('.')) continue;
      const full = base + name;
      if (!valid) {
        reportUnnamable(full, entry);
      } else if (entry.isDirectory()) {
        if (recursive) await walk(full);
      } else if (entry.isSymbolicLink()) {
        if (due()) await turn();
        await followLink(full, here);
      } else if (entry.isFile() && isLibraryPath(full)) {
        if (statLater) {
          unstated.push(name);
          onFile?.(++found);
          continue;
        }
        if (due()) await turn();
        addFile(full, here);
      }
    }
    if (statLater) await statLater(dir, unstated, here, dirMtimeMs);
    else onFolder?.(dir, here, dirMtimeMs);
  }

  /**
   * The catalog, the API and every store keep paths as text, so a name that is
   * not UTF-8 cannot be kept without changing it: say so, rather than index it
   * under a path that names no file.
   */
  function reportUnnamable(full: string, entry: Entry): void {
    if (entry.isDirectory()) problems.push({ path: full, reason: UNNAMABLE_FOLDER });
    else if (isLibraryPath(full)) problems.push({ path: full, reason: UNNAMABLE_FILE });
  }

  async function followLink(full: string, here: ScannedFile[]): Promise<void> {
    let stat: import('node:fs').Stats;
    try {
      stat = fs.statSync(full);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (isLibraryPath(full) || code === 'ELOOP') {
        problems.push({ path: full, reason: code === 'ENOENT' ? 'broken symbolic link' : reasonFor(err, 'file') });
      }
      return;
    }
    if (stat.isDirectory()) {
      if (recursive) await walk(full);
    } else if (stat.isFile() && isLibraryPath(full)) pushFile(full, stat, here);
  }

  function addFile(full: string, here: ScannedFile[]): void {
    try {
      pushFile(full, fs.statSync(full), here);
    } catch (err) {
      problems.push({ path: full, reason: reasonFor(err, 'file') });
    }
  }

  function pushFile(full: string, stat: import('node:fs').Stats, here: ScannedFile[]): void {
    here.push(scannedFile(full, stat));
    onFile?.(++found);
  }

  // Normalised once here: each path below is its folder's and its name joined as they are.
  await walk(path.normalize(root));
  return { files, problems, unread };
}
