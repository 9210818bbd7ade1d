/** One folder of the tree: its name and count, opening to show its subfolders. */
import type { FolderNode } from '../../../../shared/browse';
import { formatCount } from '../../lib/format';
import { Icon } from '../../ui/Icon';
import { treeItemId } from './folderPath';
import './browse.css';

interface FolderTreeItemProps {
  node: FolderNode;
  depth: number;
  open: ReadonlySet<string>;
  /** The folder being browsed. */
  current: string | null;
  /** The one item reached by Tab (roving focus). */
  focusable: string;
  onToggle: (path: string, open: boolean) => void;
  onChoose: (path: string) => void;
}

export function FolderTreeItem(props: FolderTreeItemProps) {
  const { node, depth, open, current, focusable, onToggle, onChoose } = props;
  const opened = open.has(node.path);
  const parent = node.children.length > 0;
  return (
    <li
      id={treeItemId(node.path)}
      data-path={node.path}
      role="treeitem"
      aria-label={node.name}
      aria-selected={node.path === current}
      aria-expanded={parent ? opened : undefined}
      tabIndex={node.path === focusable ? 0 : -1}
      className="tree-item"
      onClick={(event) => {
        event.stopPropagation();
        onChoose(node.path);
      }}
    >
      <div className={`tree-row${node.path === current ? ' current' : ''}`} style={{ paddingLeft: 4 + depth * 14 }}>
        {parent ? (
          <span
            className={`tree-toggle${opened ? ' open' : ''}`}
            aria-hidden="true"
            onClick={(event) => {
              event.stopPropagation();
              onToggle(node.path, !opened);
            }}
          >
            <Icon name="chevron" size={12} />
          </span>
        ) : (
          <span className="tree-toggle" aria-hidden="true" />
        )}
        <span className="tree-name" title={node.path}>
          {node.name}
        </span>
        <span className="tree-count muted tabular">{formatCount(node.count)}</span>
      </div>
      {parent && opened && (
        <ul role="group">
          {node.children.map((child) => (
            <FolderTreeItem key={child.path} {...props} node={child} depth={depth + 1} />
          ))}
        </ul>
      )}
    </li>
  );
}
