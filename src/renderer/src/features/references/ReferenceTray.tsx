/**
 * The reference tray, named "References": drop results into it, drag its items
 * to reorder them (or focus one and press Alt+Up/Down), remove them. Each is
 * numbered as a prompt names it ("image 1"). It shows how many references the
 * generation model takes. The generation panel below it sends them.
 */
import { type DragEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { thumbnailUrl } from '../../api/client';
import { DRAG_REFERENCE, DRAG_RESULT, DRAG_SELECTION, hasType } from '../../lib/dragTypes';
import { fileName } from '../../lib/format';
import { Icon } from '../../ui/Icon';
import { useSettings } from '../settings/settingsStore';
import { generationModel, referenceName, useReferences } from './referencesStore';
import './references.css';

/** Where among the items a drop at `y` lands: before the first item whose middle is below it. */
function dropIndex(list: HTMLElement, y: number): number {
  const items = Array.from(list.querySelectorAll<HTMLElement>('[data-reference]'));
  const index = items.findIndex((item) => {
    const box = item.getBoundingClientRect();
    return y < box.top + box.height / 2;
  });
  return index === -1 ? items.length : index;
}

export function ReferenceTray() {
  const paths = useReferences((s) => s.paths);
  const names = useReferences((s) => s.names);
  const dropError = useReferences((s) => s.dropError);
  const { referenceDropped, referencesAdded, referenceMoved, referenceRemoved, filesDropped, fullTrayDropped } =
    useReferences.getState();
  const model = generationModel(useSettings((s) => s.view?.generationModel));
  const [over, setOver] = useState(false);
  const full = paths.length >= model.maxReferences;
  const list = useRef<HTMLOListElement>(null);
  // The reference moved by the keyboard keeps the focus once the list is in its new order.
  const [moved, setMoved] = useState<{ path: string; to: number } | null>(null);
  useEffect(() => {
    if (!moved) return;
    list.current?.querySelectorAll<HTMLElement>('[data-reference]')[moved.to]?.focus();
  }, [moved, paths]);

  const onItemKey = (event: KeyboardEvent<HTMLLIElement>, index: number, path: string) => {
    if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
    event.preventDefault();
    const to = event.key === 'ArrowUp' ? index - 1 : index + 1;
    if (to < 0 || to >= paths.length) return;
    referenceMoved(index, to);
    setMoved({ path, to });
  };

  // A full tray takes drops too, to say why nothing was added rather than ignore them.
  const accepts = (e: DragEvent) => hasType(e, DRAG_REFERENCE) || hasType(e, DRAG_RESULT) || hasType(e, 'Files');

  const drop = (event: DragEvent<HTMLElement>) => {
    setOver(false);
    if (!accepts(event)) return;
    event.preventDefault();
    const list = event.currentTarget.querySelector<HTMLElement>('[data-reference-list]');
    const at = list ? dropIndex(list, event.clientY) : paths.length;
    const moving = event.dataTransfer.getData(DRAG_REFERENCE);
    if (moving !== '') {
      const from = Number(moving);
      referenceMoved(from, at > from ? at - 1 : at);
      return;
    }
    const path = event.dataTransfer.getData(DRAG_RESULT);
    const selection = event.dataTransfer.getData(DRAG_SELECTION);
    if (selection !== '') {
      referencesAdded(JSON.parse(selection) as string[], at);
      return;
    }
    if (full) fullTrayDropped(path ? [fileName(path)] : Array.from(event.dataTransfer.files, (f) => f.name));
    else if (path) referenceDropped(path, at);
    else void filesDropped(Array.from(event.dataTransfer.files), at);
  };

  return (
    <aside
      className={`tray${over ? ' over' : ''}`}
      aria-labelledby="references-title"
      onDragOver={(e) => {
        if (!accepts(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = hasType(e, DRAG_REFERENCE) ? 'move' : 'copy';
        setOver(true);
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={drop}
    >
      <div className="panel-head">
        <h2 id="references-title" className="panel-title">
          References
        </h2>
        <span className="muted small-text tabular" aria-label={`${paths.length} of ${model.maxReferences} references`}>
          {paths.length} / {model.maxReferences}
        </span>
      </div>
      <p className="muted small-text tray-model">
        {model.name} takes up to {model.maxReferences} reference images.
      </p>
      <ol ref={list} className="references" aria-label="References" data-reference-list>
        {paths.map((path, index) => (
          <li
            key={path}
            className="reference"
            aria-label={referenceName(path, names)}
            data-reference
            tabIndex={0}
            title="Drag, or press Alt+Up/Down, to move it"
            onKeyDown={(e) => onItemKey(e, index, path)}
            draggable
            onDragStart={(e) => {
              e.dataTransfer.setData(DRAG_REFERENCE, String(index));
              e.dataTransfer.effectAllowed = 'move';
            }}
          >
            <span className="reference-grip" aria-hidden="true">
              <Icon name="grip" size={14} />
            </span>
            <span className="reference-number tabular" aria-hidden="true">
              {index + 1}
            </span>
            <img src={thumbnailUrl(path)} alt="" draggable={false} />
            <span className="reference-name" title={path}>
              {referenceName(path, names)}
            </span>
            <button
              type="button"
              className="icon-button quiet"
              aria-label={`Remove ${referenceName(path, names)} from references`}
              onClick={() => referenceRemoved(path)}
            >
              <Icon name="close" size={14} />
            </button>
          </li>
        ))}
      </ol>
      {paths.length === 0 && (
        <div className="tray-empty">
          Drag results (or image files from your desktop) here to use them as references for a new image.
        </div>
      )}
      <span className="visually-hidden" role="status">
        {moved && paths[moved.to] === moved.path
          ? `${referenceName(moved.path, names)} is now image ${moved.to + 1} of ${paths.length}`
          : ''}
      </span>
      {full && <p className="muted small-text">The tray is full: remove one to add another.</p>}
      {dropError && (
        <p className="error small-text" role="alert">
          {dropError}
        </p>
      )}
    </aside>
  );
}
