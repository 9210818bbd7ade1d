/**
 * The part of a library folder a re-index looks at when only some paths
 * changed (what a watcher saw): the folder holding each changed path, without
 * its subfolders, and the whole of each changed path that is a folder (one
 * copied in) or was one (deleted). The catalog's files in that part are all
 * that the scan is compared with, so files elsewhere are neither read nor
 * taken for deleted.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Catalog, KnownFile } from '../catalog/catalog';
import { scanFolder, type ScanResult } from './scan';

export interface ScanScope {
  /** Folders looked at whole. */
  trees: string[];
  /** Folders whose own files only are looked at. */
  folders: string[];
}

const below = (dir: string, file: string) => file.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);

/** The scope of `changed` (absolute paths) inside the library folder `root`. */
export function scopeOf(root: string, changed: readonly string[]): ScanScope {
  const trees = new Set<string>();
  const folders = new Set<string>();
  for (const file of changed) {
    if (file !== root && !below(root, file)) continue;
    if (file === root) {
      folders.add(root);
      continue;
    }
    folders.add(path.dirname(file));
    // A folder now, or perhaps one a moment ago: either way, all of it.
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat || stat.isDirectory()) trees.add(file);
  }
  const wholeTrees = [...trees].filter((t) => ![...trees].some((o) => o !== t && below(o, t)));
  const inTree = (dir: string) => wholeTrees.some((t) => dir === t || below(t, dir));
  return { trees: wholeTrees, folders: [...folders].filter((f) => !inTree(f)) };
}

export function inScope(scope: ScanScope, file: string): boolean {
  return scope.folders.includes(path.dirname(file)) || scope.trees.some((t) => below(t, file));
}

/** Scans the scope; a folder of it that is gone is not a problem (its files are gone too). */
export async function scanScope(scope: ScanScope, onFile?: (count: number) => void): Promise<ScanResult> {
  const out: ScanResult = { files: [], problems: [], unread: [] };
  const parts = [
    ...scope.trees.map((dir) => ({ dir, recursive: true })),
    ...scope.folders.map((dir) => ({ dir, recursive: false })),
  ];
  for (const { dir, recursive } of parts) {
    if (!fs.existsSync(dir)) continue;
    const found = out.files.length;
    const result = await scanFolder(dir, { recursive, ...(onFile ? { onFile: (n) => onFile(found + n) } : {}) });
    out.files.push(...result.files);
    out.problems.push(...result.problems);
    out.unread.push(...result.unread);
  }
  return out;
}

/** The catalog's files in the scope, each with whether its content has a vector of the model. */
export function knownInScope(catalog: Catalog, scope: ScanScope, modelId: string): KnownFile[] {
  return [
    ...scope.trees.flatMap((dir) => catalog.filesWithEmbeddingBelow(dir + path.sep, modelId)),
    ...scope.folders.flatMap((dir) => catalog.filesWithEmbeddingIn(dir, modelId)),
  ];
}
