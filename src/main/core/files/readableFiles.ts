/**
 * Which files the renderer may see through thumbnails: those inside an indexed
 * folder. Paths are resolved through symbolic links first, so a link inside a
 * folder cannot point the renderer at a file outside it.
 */
import { realpathSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Roots are compared as real paths, as files are (a data folder may sit behind a link). */
function realOrSame(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}

/**
 * The folders whose images the renderer may see and hand back: the indexed
 * folders, plus the data folder's uploads (`queries/`) and generated images (`generated/`).
 */
export function readableRoots(dataDir: string, indexedFolders: readonly string[]): string[] {
  return [...indexedFolders, ...[path.join(dataDir, 'queries'), path.join(dataDir, 'generated')].map(realOrSame)];
}

export type Access = { ok: true; realPath: string } | { ok: false; status: 403 | 404; reason: string };

/** Whether `file` (absolute) lies inside one of `roots` (absolute, already real paths). */
export function isInside(file: string, roots: readonly string[]): boolean {
  return roots.some((root) => file.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
}

export async function checkReadable(file: string, roots: readonly string[]): Promise<Access> {
  if (!path.isAbsolute(file)) return { ok: false, status: 403, reason: 'not an absolute path' };
  const lexical = path.resolve(file);
  // Checked before touching the disk, so a path outside every root reveals nothing about itself.
  if (!isInside(lexical, roots)) return { ok: false, status: 403, reason: 'outside the indexed folders' };
  let realPath: string;
  try {
    realPath = await fs.realpath(lexical);
  } catch {
    return { ok: false, status: 404, reason: 'no such file' };
  }
  if (!isInside(realPath, roots)) return { ok: false, status: 403, reason: 'outside the indexed folders' };
  return { ok: true, realPath };
}
