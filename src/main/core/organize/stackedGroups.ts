/** Marks the duplicate groups that are one stack already, with the stack's cover. */
import type { GroupStack } from '../../../shared/organize';
import type { StackRecords } from '../catalog/stackRecords';

export function markStacked<T extends { stack?: GroupStack }>(
  records: StackRecords,
  groups: readonly T[],
  pathsOf: (group: T) => readonly string[],
): T[] {
  if (!records.any()) return [...groups];
  const coverOf = new Map<string, string>();
  for (const [cover, members] of records.stacksByPath()) for (const m of members) coverOf.set(m, cover);
  return groups.map((group) => {
    const covers = new Set(pathsOf(group).map((p) => coverOf.get(p)));
    const [cover] = covers;
    return covers.size === 1 && cover !== undefined ? { ...group, stack: { cover } } : group;
  });
}
