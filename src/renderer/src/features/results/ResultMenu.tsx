/**
 * The results' context menu (right click, the Menu key or Shift+F10): what can be
 * done to one result, with its shortcut; on a result that is part of a selection,
 * Open, Show in folder, Copy and Add act on the whole selection. Show in folder and
 * Open appear in the desktop app only. Arrow keys move between items; Escape or a
 * click elsewhere closes it.
 */
import { type KeyboardEvent, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { errorMessage, fileName, plural } from '../../lib/format';
import { TRAY_FULL, useTrayFull } from '../references/referencesStore';
import { addAllToReferences, copyPaths } from '../selection/batchActions';
import { actedOn, useSelection } from '../selection/selectionStore';
import { useStacks } from '../stacks/stacksStore';
import { addToReferences, copyPath, desktopActions, moreLikeThis, openFiles, showInFolder } from './actions';
import { useGridImages } from './gridImages';
import { useResultsUi } from './resultsStore';
import { SHORTCUTS } from './shortcuts';
import './results.css';

interface Item {
  label: string;
  shortcut?: string;
  /** Why the item cannot be used now, when it cannot. */
  disabledBecause?: string;
  run: () => void;
}

export function ResultMenu() {
  const menu = useResultsUi((s) => s.menu);
  const results = useGridImages();
  const trayFull = useTrayFull();
  const selected = useSelection((s) => s.selected);
  const openStacks = useStacks((s) => s.open);
  const { menuClosed, previewOpened, toastShown } = useResultsUi.getState();
  const { stackToggled, unstacked } = useStacks.getState();
  const element = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState({ left: 0, top: 0 });
  const hit = menu.kind === 'open' ? results[menu.index] : undefined;

  // Kept inside the window: a menu opened near the right or bottom edge opens leftwards or upwards.
  useLayoutEffect(() => {
    if (menu.kind !== 'open' || !element.current) return;
    const box = element.current.getBoundingClientRect();
    setPlace({
      left: Math.max(4, Math.min(menu.x, window.innerWidth - box.width - 4)),
      top: Math.max(4, Math.min(menu.y, window.innerHeight - box.height - 4)),
    });
    element.current.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [menu]);

  useEffect(() => {
    if (menu.kind !== 'open') return;
    const close = (event: Event) => {
      if (!element.current?.contains(event.target as Node)) menuClosed();
    };
    window.addEventListener('pointerdown', close, true);
    window.addEventListener('blur', menuClosed);
    return () => {
      window.removeEventListener('pointerdown', close, true);
      window.removeEventListener('blur', menuClosed);
    };
  }, [menu, menuClosed]);

  if (menu.kind !== 'open' || !hit) return null;
  const index = menu.index;
  const targets = actedOn(
    hit.path,
    results.map((r) => r.path),
    selected,
  );
  const several = targets.length > 1;
  const items: Item[] = [
    { label: 'Preview', shortcut: 'Enter', run: () => previewOpened(index) },
    ...(desktopActions
      ? [
          {
            label: several ? `Open ${plural(targets.length, 'image', 'images')}` : 'Open',
            shortcut: SHORTCUTS.open.label,
            run: () => void openFiles(targets),
          },
          { label: 'Show in folder', shortcut: SHORTCUTS.showInFolder.label, run: () => void showInFolder(targets) },
        ]
      : []),
    { label: 'More like this', run: () => moreLikeThis(hit) },
    several
      ? {
          label: `Copy ${targets.length} paths`,
          shortcut: SHORTCUTS.copyPath.label,
          run: () => void copyPaths(targets),
        }
      : { label: 'Copy path', shortcut: SHORTCUTS.copyPath.label, run: () => void copyPath(hit.path) },
    {
      label: several ? `Add ${targets.length} to references` : 'Add to references',
      ...(trayFull ? { disabledBecause: TRAY_FULL } : {}),
      run: () => (several ? addAllToReferences(targets) : addToReferences(hit)),
    },
  ];
  const cover = hit.stack ? hit.path : hit.stackedUnder;
  if (cover !== undefined) {
    items.push(
      {
        label: openStacks[cover] ? 'Hide the stacked images' : 'Show the stacked images',
        shortcut: 'E',
        run: () => void stackToggled(cover),
      },
      {
        label: 'Unstack',
        run: () => void unstacked(hit.path).catch((err: unknown) => toastShown(errorMessage(err))),
      },
    );
  }

  const backToResults = () => {
    menuClosed();
    document.querySelector<HTMLElement>('[role="listbox"][aria-label="Results"]')?.focus();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const all = Array.from(element.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
    const at = all.indexOf(document.activeElement as HTMLElement);
    const move: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: all.length - 1 };
    if (event.key in move) {
      event.preventDefault();
      all[(move[event.key]! + all.length) % all.length]?.focus();
    } else if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault();
      backToResults();
    }
  };

  return (
    <div
      ref={element}
      role="menu"
      aria-label={`Actions for ${fileName(hit.path)}`}
      className="context-menu"
      style={place}
      onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}
    >
      {items.map((item) => (
        <button
          key={item.label}
          type="button"
          role="menuitem"
          tabIndex={-1}
          className="context-item"
          aria-disabled={item.disabledBecause ? true : undefined}
          title={item.disabledBecause}
          onClick={() => {
            if (item.disabledBecause) return;
            backToResults();
            item.run();
          }}
        >
          <span>{item.label}</span>
          {item.shortcut && <kbd className="muted">{item.shortcut}</kbd>}
        </button>
      ))}
    </div>
  );
}
