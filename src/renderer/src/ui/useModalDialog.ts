/**
 * A `<dialog>` shown as a modal while `open` holds: the element's own
 * showModal() and close(), so focus, Escape and the backdrop are the
 * browser's. Returns the ref to put on the dialog.
 */
import { type RefObject, useEffect, useRef } from 'react';

export function useModalDialog(open: boolean): RefObject<HTMLDialogElement | null> {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return dialog;
}
