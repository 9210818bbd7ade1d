/**
 * How long uploads stay in `<dataDir>/queries/`. Each use of an upload (storing
 * it again, searching by it, making it a reference) sets its modification time,
 * so age means "unused since". An upload is kept while it is among the
 * KEEP_RECENT most recently used or was used within KEEP_DAYS; older ones are
 * removed, except those a generation job that has not finished names. A search
 * in progress, in this process or another, has just marked its image used, so
 * nothing it reads is removed under it.
 */
import fs from 'node:fs';
import path from 'node:path';

export const KEEP_RECENT = 100;
export const KEEP_DAYS = 7;

export interface RetentionPolicy {
  keepRecent: number;
  keepMs: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { keepRecent: KEEP_RECENT, keepMs: KEEP_DAYS * 24 * 60 * 60 * 1000 };

/**
 * The entry of the uploads folder that holds `file` (a file; or a folder, as
 * older versions stored `<hash>/<name>`), or null for a file elsewhere.
 */
export function uploadEntry(dirs: readonly string[], file: string): string | null {
  for (const dir of dirs) {
    const rel = path.relative(dir, file);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) continue;
    return path.join(dir, rel.split(path.sep)[0]!);
  }
  return null;
}

/** Marks the upload holding `file` as used now; files elsewhere are left alone. */
export function markUsed(dirs: readonly string[], file: string, now = new Date()): void {
  const entry = uploadEntry(dirs, file);
  if (!entry) return;
  try {
    fs.utimesSync(entry, now, now);
  } catch {
    // Gone already: the search that wanted it says "Image not found".
  }
}

/**
 * Removes the uploads the policy no longer keeps; `inUse` are files that must
 * stay whatever their age. Returns the entries removed (files; folders of older versions).
 */
export function pruneUploads(
  dir: string,
  inUse: readonly string[],
  policy: RetentionPolicy = DEFAULT_RETENTION,
  now = Date.now(),
): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const dirs = uploadDirs(dir);
  const kept = new Set(inUse.map((f) => uploadEntry(dirs, f)).filter((e): e is string => e !== null));
  const entries: Array<{ file: string; usedAt: number }> = [];
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      entries.push({ file, usedAt: fs.lstatSync(file).mtimeMs });
    } catch {
      // Removed meanwhile by another process.
    }
  }
  entries.sort((a, b) => b.usedAt - a.usedAt);
  const removed: string[] = [];
  for (const { file, usedAt } of entries.slice(policy.keepRecent)) {
    const named = dirs.some((d) => kept.has(path.join(d, path.basename(file))));
    if (now - usedAt <= policy.keepMs || named) {
      continue;
    }
    // Looked at again just before removing: another process may have used it since the listing.
    try {
      if (now - fs.lstatSync(file).mtimeMs <= policy.keepMs) continue;
      fs.rmSync(file, { recursive: true, force: true });
      removed.push(file);
    } catch {
      // Gone already, or not ours to remove: either way nothing to do.
    }
  }
  return removed;
}

/** The uploads folder as given and as resolved through links: an access check hands back real paths. */
export function uploadDirs(dir: string): string[] {
  try {
    return [dir, fs.realpathSync(dir)];
  } catch {
    return [dir];
  }
}
