/**
 * One result: its thumbnail, its file name, its score on hover (a search's), the words a text
 * search found in or around it; dragged into the
 * reference tray, or with Alt held (desktop app) out to other apps as a file.
 */
import { memo, useRef } from 'react';
import { thumbnailUrl } from '../../api/client';
import { DRAG_RESULT, DRAG_SELECTION, hasType } from '../../lib/dragTypes';
import { fileName } from '../../lib/format';
import { desktopActions, dragOut } from './actions';
import type { GridImage } from './gridImage';
import { MatchSnippet } from './MatchSnippet';
import { VideoBadges } from './VideoBadges';
import './results.css';

interface ResultTileProps {
  hit: GridImage;
  index: number;
  count: number;
  active: boolean;
  selected: boolean;
  width: number;
  /** Its image's height; the tile's width is the image's (justified rows set both). */
  imageHeight: number;
  /** Justified rows crop what stretching a row to the width added; square tiles show the whole image. */
  cover: boolean;
  /** False while the grid is flung: the tile keeps its placeholder until it stays in view. */
  showImage: boolean;
  /** Mouse down on the tile (with its modifiers); `click` is the click that follows when no drag did. */
  onPress: (index: number, event: PointerLike) => void;
  onClick: (index: number, event: PointerLike) => void;
  /** The paths a drag from this tile carries: the selection when the tile is in it. */
  dragPaths: (path: string) => readonly string[];
  onOpen: (index: number) => void;
  onMenu: (index: number, x: number, y: number) => void;
  /** A cover: whether its stack is laid out after it. */
  stackOpen: boolean;
  onStackToggle: (cover: string) => void;
  /** In a collection's view: results dropped on this tile's first half (or second, `after`) move there. */
  onReorderDrop?: ((index: number, after: boolean, paths: readonly string[]) => void) | undefined;
}

/** The modifiers and button of a mouse event that selection reads. */
export type PointerLike = Pick<MouseEvent, 'button' | 'shiftKey' | 'ctrlKey' | 'metaKey'>;

export const resultId = (index: number): string => `result-${index}`;

export const ResultTile = memo(function ResultTile({
  hit,
  index,
  count,
  active,
  selected,
  width,
  imageHeight,
  cover,
  showImage,
  onPress,
  onClick,
  dragPaths,
  onOpen,
  onMenu,
  stackOpen,
  onStackToggle,
  onReorderDrop,
}: ResultTileProps) {
  const name = fileName(hit.path);
  // Once asked for, a thumbnail stays: a fling starting again does not blank tiles already shown.
  const imageWanted = useRef(showImage);
  if (showImage) imageWanted.current = true;
  return (
    <div
      id={resultId(index)}
      role="option"
      aria-label={name}
      aria-selected={selected}
      aria-posinset={index + 1}
      aria-setsize={count}
      className={`tile${active ? ' active' : ''}${selected ? ' selected' : ''}${hit.stackedUnder ? ' stacked' : ''}`}
      style={{ width }}
      title={`${name}\n${hit.score !== undefined ? `score ${hit.score.toFixed(3)} · ` : ''}${hit.width}×${hit.height} ${hit.format.toUpperCase()}`}
      draggable
      onDragStart={(event) => {
        const paths = dragPaths(hit.path);
        if (event.altKey && desktopActions) {
          // The OS takes the drag over, with the files themselves; the page's own drop targets do not see it.
          event.preventDefault();
          dragOut(paths);
          return;
        }
        event.dataTransfer.setData(DRAG_RESULT, hit.path);
        if (paths.length > 1) event.dataTransfer.setData(DRAG_SELECTION, JSON.stringify(paths));
        event.dataTransfer.setData('text/plain', hit.path);
        event.dataTransfer.effectAllowed = onReorderDrop ? 'copyMove' : 'copy';
      }}
      onDragOver={(event) => {
        if (!onReorderDrop || !hasType(event, DRAG_RESULT)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'move';
      }}
      onDrop={(event) => {
        if (!onReorderDrop || !hasType(event, DRAG_RESULT)) return;
        event.preventDefault();
        const selection = event.dataTransfer.getData(DRAG_SELECTION);
        const moving = selection ? (JSON.parse(selection) as string[]) : [event.dataTransfer.getData(DRAG_RESULT)];
        const box = event.currentTarget.getBoundingClientRect();
        onReorderDrop(index, event.clientX > box.left + box.width / 2, moving);
      }}
      onMouseDown={(event) => onPress(index, event)}
      onClick={(event) => onClick(index, event)}
      onDoubleClick={() => onOpen(index)}
      onContextMenu={(event) => {
        event.preventDefault();
        onMenu(index, event.clientX, event.clientY);
      }}
    >
      <div className={`tile-image${cover ? ' cover' : ''}`} style={{ height: imageHeight }}>
        {imageWanted.current && (
          <img src={thumbnailUrl(hit.path, 'small', hit.time)} alt="" decoding="async" draggable={false} />
        )}
        {hit.score !== undefined && <span className="tile-score tabular">{hit.score.toFixed(3)}</span>}
        <VideoBadges hit={hit} />
        {hit.stack && (
          <button
            type="button"
            className="tile-stack tabular"
            aria-expanded={stackOpen}
            aria-label={`+${hit.stack.count} stacked images`}
            title={stackOpen ? 'Hide the stacked images (E)' : 'Show the stacked images (E)'}
            tabIndex={-1}
            onMouseDown={(event) => event.stopPropagation()}
            onClick={(event) => {
              event.stopPropagation();
              onStackToggle(hit.path);
            }}
          >
            {stackOpen ? '−' : '+'}
            {hit.stack.count}
          </button>
        )}
        <MatchSnippet matches={hit.matches} className="tile-match" lead={12} />
      </div>
      <span className="tile-name">{name}</span>
    </div>
  );
});
