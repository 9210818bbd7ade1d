/** The thumbnail size from the keyboard and the wheel, as a page would zoom. */
import { type RefObject, useEffect } from 'react';
import { typingInto } from '../../lib/typingInto';
import { primaryKey } from '../selection/selectionStore';
import { useGridView } from './gridView';

/**
 * Ctrl + wheel over the grid and Ctrl +/- outside a text field change the
 * thumbnail size (instead of zooming the page); in a field the keys are the field's.
 */
export function useZoomKeys(scrollRef: RefObject<HTMLDivElement | null>): void {
  useEffect(() => {
    const { sizeStepped } = useGridView.getState();
    const onWheel = (event: WheelEvent) => {
      if (!primaryKey(event) || event.deltaY === 0) return;
      event.preventDefault();
      sizeStepped(event.deltaY < 0 ? 1 : -1);
    };
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (!primaryKey(event) || event.altKey || typingInto(event.target)) return;
      const direction = event.key === '+' || event.key === '=' ? 1 : event.key === '-' ? -1 : 0;
      if (direction === 0) return;
      event.preventDefault();
      sizeStepped(direction);
    };
    const element = scrollRef.current;
    // Not passive: the page's own zoom is what preventDefault stops.
    element?.addEventListener('wheel', onWheel, { passive: false });
    window.addEventListener('keydown', onKey);
    return () => {
      element?.removeEventListener('wheel', onWheel);
      window.removeEventListener('keydown', onKey);
    };
  }, [scrollRef]);
}
