/** Where a folder sits in the folder tree: the nodes from its library folder down to it. */
import type { FolderNode } from '../../../../shared/browse';

/** Whether `folder` is `node`'s folder or inside it, whichever separator the OS uses. */
function within(node: FolderNode, folder: string): boolean {
  if (folder === node.path) return true;
  const sep = folder.charAt(node.path.length);
  return folder.startsWith(node.path) && (sep === '/' || sep === '\\' || /[\\/]$/.test(node.path));
}

/** The chain of nodes down to `folder`; empty when the tree does not hold it. */
export function folderChain(tree: readonly FolderNode[], folder: string): FolderNode[] {
  for (const node of tree) {
    if (!within(node, folder)) continue;
    if (node.path === folder) return [node];
    const below = folderChain(node.children, folder);
    return below.length > 0 ? [node, ...below] : [node];
  }
  return [];
}

/** The DOM id of a folder's tree item, for roving focus. */
export const treeItemId = (path: string): string => `folder-${encodeURIComponent(path)}`;
