/** The drag-and-drop payloads the app's own elements exchange. */
export const DRAG_RESULT = 'application/x-atelier-result';
export const DRAG_REFERENCE = 'application/x-atelier-reference';

export function hasType(event: { dataTransfer: DataTransfer | null }, type: string): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes(type);
}
