/**
 * A search's folder, format and organize filters as one condition on the
 * catalog's files, for the text index, which the vector stores' filters do
 * not reach: a hit found by its words passes the same filters as one found
 * by its looks.
 */
import type { FileCondition } from '../organize/organizeFilter';
import type { VectorFilter } from '../vectors/vectorStore';

export function fileCondition(filter: VectorFilter, organize: FileCondition | null): FileCondition {
  const parts: FileCondition[] = [];
  const folders = filter.folders ?? [];
  if (folders.length) {
    parts.push({
      where: folders.map(() => `substr(f.path, 1, length(?)) = ?`).join(' OR '),
      params: folders.flatMap((f) => [f, f]),
    });
  }
  const formats = filter.formats ?? [];
  if (formats.length) parts.push({ where: `f.format IN (${formats.map(() => '?').join(', ')})`, params: formats });
  if (organize) parts.push(organize);
  return {
    where: parts.map((p) => `(${p.where})`).join(' AND ') || '1',
    params: parts.flatMap((p) => p.params),
  };
}
