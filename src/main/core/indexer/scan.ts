/**
 * Walks folders and lists the image files in them with their size and
 * modification time. Follows symbolic links, but never into a folder it has
 * already entered (a link loop), and reports what it could not read instead of
 * stopping.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { isImagePath } from './imageFiles';

export interface ScannedFile {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface ScanProblem {
  path: string;
  reason: string;
}

export interface ScanResult {
  files: ScannedFile[];
  problems: ScanProblem[];
}

function reasonFor(err: unknown, what: 'folder' | 'file'): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return `unreadable ${what}: permission denied`;
  if (code === 'ELOOP') return 'symbolic link loop';
  if (code === 'ENOENT') return `${what} vanished during the scan`;
  return `unreadable ${what} (${code ?? (err as Error).message})`;
}

export async function scanFolder(root: string, onFile?: (count: number) => void): Promise<ScanResult> {
  const files: ScannedFile[] = [];
  const problems: ScanProblem[] = [];
  const entered = new Set<string>();

  async function walk(dir: string): Promise<void> {
    let real: string;
    try {
      real = await fs.realpath(dir);
    } catch (err) {
      problems.push({ path: dir, reason: reasonFor(err, 'folder') });
      return;
    }
    if (entered.has(real)) {
      if (dir !== real) problems.push({ path: dir, reason: 'symbolic link loop (folder already scanned)' });
      return;
    }
    entered.add(real);
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      problems.push({ path: dir, reason: reasonFor(err, 'folder') });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      // Hidden files and folders (.git, .DS_Store, editors' caches) are not part of a library.
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(full);
      } else if (entry.isSymbolicLink()) {
        await followLink(full);
      } else if (entry.isFile() && isImagePath(full)) {
        await addFile(full);
      }
    }
  }

  async function followLink(full: string): Promise<void> {
    let stat: import('node:fs').Stats;
    try {
      stat = await fs.stat(full);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (isImagePath(full) || code === 'ELOOP') {
        problems.push({ path: full, reason: code === 'ENOENT' ? 'broken symbolic link' : reasonFor(err, 'file') });
      }
      return;
    }
    if (stat.isDirectory()) await walk(full);
    else if (stat.isFile() && isImagePath(full)) pushFile(full, stat);
  }

  async function addFile(full: string): Promise<void> {
    try {
      pushFile(full, await fs.stat(full));
    } catch (err) {
      problems.push({ path: full, reason: reasonFor(err, 'file') });
    }
  }

  function pushFile(full: string, stat: import('node:fs').Stats): void {
    files.push({ path: full, size: stat.size, mtimeMs: Math.trunc(stat.mtimeMs) });
    onFile?.(files.length);
  }

  await walk(root);
  return { files, problems };
}
