/**
 * The library's folders as a tree, nested as on disk, from how many files each
 * directory holds directly: a folder's count takes in its subfolders'.
 */
import path from 'node:path';
import type { FolderNode } from '../../../shared/browse';

/** The innermost root holding `dir` (roots may nest), if any. */
export function rootOf(roots: readonly string[], dir: string): string | undefined {
  let best: string | undefined;
  for (const root of roots) {
    const inside = dir === root || dir.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
    if (inside && (best === undefined || root.length > best.length)) best = root;
  }
  return best;
}

export function folderTree(
  roots: readonly string[],
  counts: ReadonlyArray<{ dir: string; count: number }>,
): FolderNode[] {
  const nodes = new Map<string, FolderNode>();
  const nodeAt = (dir: string): FolderNode => {
    let node = nodes.get(dir);
    if (!node) {
      node = { path: dir, name: path.basename(dir) || dir, count: 0, children: [] };
      nodes.set(dir, node);
    }
    return node;
  };
  for (const root of roots) nodeAt(root);
  for (const { dir, count } of counts) {
    const root = rootOf(roots, dir);
    if (root === undefined) continue;
    for (let at = dir; ; at = path.dirname(at)) {
      nodeAt(at).count += count;
      if (at === root || path.dirname(at) === at) break;
    }
  }
  const tops: FolderNode[] = [];
  for (const node of nodes.values()) {
    const root = rootOf(roots, node.path);
    const parent = node.path === root ? undefined : nodes.get(path.dirname(node.path));
    if (parent) parent.children.push(node);
    else tops.push(node);
  }
  const byName = (a: FolderNode, b: FolderNode) => a.name.localeCompare(b.name, undefined, { numeric: true });
  for (const node of nodes.values()) node.children.sort(byName);
  return tops.sort((a, b) => a.path.localeCompare(b.path));
}
