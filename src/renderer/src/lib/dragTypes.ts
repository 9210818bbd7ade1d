/** The drag-and-drop payloads the app's own elements exchange. */
export const DRAG_RESULT = 'application/x-atelier-result';
/** Several selected results, as a JSON array of paths (DRAG_RESULT holds the one under the pointer). */
export const DRAG_SELECTION = 'application/x-atelier-selection';
export const DRAG_REFERENCE = 'application/x-atelier-reference';

export function hasType(event: { dataTransfer: DataTransfer | null }, type: string): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes(type);
}
