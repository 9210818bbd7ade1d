/** Where a folder sits in the folder tree: the nodes from its library folder down to it. */
import type { FolderNode } from '../../../../shared/browse';

/** Whether `folder` is `dir` or inside it, whichever separator the OS uses. */
export function holds(dir: string, folder: string): boolean {
  if (folder === dir) return true;
  const sep = folder.charAt(dir.length);
  return folder.startsWith(dir) && (sep === '/' || sep === '\\' || /[\\/]$/.test(dir));
}

/** The chain of nodes down to `folder`; empty when the tree does not hold it. */
export function folderChain(tree: readonly FolderNode[], folder: string): FolderNode[] {
  for (const node of tree) {
    if (!holds(node.path, folder)) continue;
    if (node.path === folder) return [node];
    const below = folderChain(node.children, folder);
    return below.length > 0 ? [node, ...below] : [node];
  }
  return [];
}

/** The DOM id of a folder's tree item, for roving focus. */
export const treeItemId = (path: string): string => `folder-${encodeURIComponent(path)}`;
