/**
 * The library's folders as a tree named "Folders", nested as on disk, with how
 * many images each holds; choosing one browses it (and scopes a search to it).
 * Arrow keys move between the shown folders, Right and Left open and close one.
 */
import { type KeyboardEvent, useState } from 'react';
import type { FolderNode } from '../../../../shared/browse';
import { useLibrary } from '../library/libraryStore';
import { useSearch } from '../search/searchStore';
import { useBrowse } from './browseStore';
import { treeItemId } from './folderPath';
import { FolderTreeItem } from './FolderTreeItem';
import './browse.css';

/** The folders shown, in order, with their depth: those inside closed folders left out. */
function shown(nodes: readonly FolderNode[], open: ReadonlySet<string>, depth = 0): Array<[FolderNode, number]> {
  return nodes.flatMap((node): Array<[FolderNode, number]> => [
    [node, depth],
    ...(open.has(node.path) ? shown(node.children, open, depth + 1) : []),
  ]);
}

export function FolderTree() {
  const all = useBrowse((s) => s.tree);
  const leaving = useLibrary((s) => s.leaving?.folder ?? null);
  const tree = leaving ? all.filter((node) => node.path !== leaving) : all;
  const folder = useSearch((s) => s.filters.folder);
  const folderChosen = useBrowse((s) => s.folderChosen);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const [focused, setFocused] = useState<string | null>(null);
  if (tree.length === 0) return null;

  const rows = shown(tree, open);
  const toggled = (path: string, opened: boolean) => {
    const next = new Set(open);
    if (opened) next.add(path);
    else next.delete(path);
    setOpen(next);
  };
  const focusAt = (index: number) => {
    const row = rows[Math.max(0, Math.min(rows.length - 1, index))];
    if (!row) return;
    setFocused(row[0].path);
    document.getElementById(treeItemId(row[0].path))?.focus();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    // The item the key was pressed on: focus may have come by Tab, a click or a script.
    const item = (event.target as HTMLElement).closest<HTMLElement>('[role="treeitem"]');
    const at = rows.findIndex(([node]) => node.path === item?.dataset.path);
    const node = rows[at]?.[0];
    const keys: Record<string, () => void> = {
      ArrowDown: () => focusAt(at + 1),
      ArrowUp: () => focusAt(at - 1),
      Home: () => focusAt(0),
      End: () => focusAt(rows.length - 1),
      ArrowRight: () => node && node.children.length > 0 && toggled(node.path, true),
      ArrowLeft: () => node && toggled(node.path, false),
      Enter: () => node && void folderChosen(node.path),
    };
    const run = keys[event.key];
    if (!run) return;
    event.preventDefault();
    run();
  };

  return (
    <ul role="tree" aria-label="Folders" className="folder-tree" onKeyDown={onKeyDown}>
      {tree.map((node) => (
        <FolderTreeItem
          key={node.path}
          node={node}
          depth={0}
          open={open}
          current={folder}
          focusable={focused ?? folder ?? tree[0]!.path}
          onToggle={toggled}
          onChoose={(path) => {
            setFocused(path);
            void folderChosen(path);
          }}
        />
      ))}
    </ul>
  );
}
