/**
 * Below about 1200 px the side panels leave the grid its width: each opens
 * from its toggle in the header, over the results, and closes with the toggle
 * or Escape; a result dragged while the references are folded away opens them,
 * so it has somewhere to go.
 */
import { useEffect, useState } from 'react';
import { DRAG_RESULT, hasType } from '../../lib/dragTypes';

export type Side = 'library' | 'references' | null;
/** Where the side panels fold away (layout.css). */
const FOLDED = '(max-width: 1199px)';

/** Which folded panel is open; the shell adds `<side>-open` to its body for it. */
export function useFoldedPanels(): [Side, (side: Side) => void] {
  const [open, setOpen] = useState<Side>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);

  useEffect(() => {
    const onDragStart = (event: DragEvent) => {
      if (hasType(event, DRAG_RESULT) && matchMedia(FOLDED).matches) setOpen('references');
    };
    window.addEventListener('dragstart', onDragStart);
    return () => window.removeEventListener('dragstart', onDragStart);
  }, []);

  return [open, setOpen];
}

interface PanelToggleProps {
  side: Exclude<Side, null>;
  open: Side;
  onToggle: (side: Side) => void;
  label: string;
}

/** A header button that opens or closes one folded panel (hidden where the panels are not folded). */
export function PanelToggle({ side, open, onToggle, label }: PanelToggleProps) {
  return (
    <button
      type="button"
      className={`button small panel-toggle${open === side ? ' on' : ''}`}
      aria-expanded={open === side}
      aria-controls={`${side}-panel`}
      onClick={() => onToggle(open === side ? null : side)}
    >
      {label}
    </button>
  );
}
