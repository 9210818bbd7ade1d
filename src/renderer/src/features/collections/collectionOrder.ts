/**
 * Where images land when a collection is reordered in the grid: the images
 * moved, in the order shown, just before another image or at the end, as
 * `atelier collection move` puts them.
 */

/** The order after putting `moving` just before `before` (at the end when null). */
export function reordered<T extends { path: string }>(
  images: readonly T[],
  moving: readonly string[],
  before: string | null,
): T[] {
  const moved = new Set(moving);
  const taken = images.filter((i) => moved.has(i.path));
  const rest = images.filter((i) => !moved.has(i.path));
  const at = before === null ? rest.length : rest.findIndex((i) => i.path === before);
  const cut = at < 0 ? rest.length : at;
  return [...rest.slice(0, cut), ...taken, ...rest.slice(cut)];
}

/** The image a single image must go just before to end up at index `to` (null: the end). */
export function beforeForIndex(images: readonly { path: string }[], path: string, to: number): string | null {
  const rest = images.filter((i) => i.path !== path);
  return rest[to]?.path ?? null;
}

/**
 * The image the dragged ones go just before when dropped on `target`'s first half (`after` false)
 * or second half; undefined when dropped on one of themselves (nothing moves).
 */
export function beforeForDrop(
  images: readonly { path: string }[],
  moving: readonly string[],
  target: string,
  after: boolean,
): string | null | undefined {
  if (moving.includes(target)) return undefined;
  if (!after) return target;
  const rest = images.filter((i) => !moving.includes(i.path));
  return rest[rest.findIndex((i) => i.path === target) + 1]?.path ?? null;
}
