/**
 * An organize filter (tags, rating, collection, untagged) as an SQL condition
 * on the catalog's `files` table, so a search or a view can ask the catalog
 * which files pass before, or instead of, asking a vector store.
 */
import type { OrganizeFilter } from '../../../shared/organize';
import { foldLabel, OrganizeInputError } from './labels';

export interface FileCondition {
  /** A condition on `files` aliased as `f`. */
  where: string;
  params: Array<string | number>;
}

/** True when the filter restricts anything. */
export function isOrganizing(filter: OrganizeFilter | undefined): boolean {
  return Boolean(filter?.tags?.length || filter?.minRating || filter?.collection || filter?.untagged);
}

/** The condition a file must meet; `1` when the filter restricts nothing. */
export function organizeCondition(filter: OrganizeFilter = {}): FileCondition {
  const parts: string[] = [];
  const params: Array<string | number> = [];
  const tags = [...new Set((filter.tags ?? []).map(foldLabel).filter((t) => t.length > 0))];
  if (tags.length && filter.untagged) {
    throw new OrganizeInputError(
      'An image cannot be untagged and have a tag: filter by tags or by untagged, not both.',
    );
  }
  if (tags.length) {
    parts.push(
      `(SELECT count(DISTINCT ft.tag_id) FROM file_tags ft JOIN tags t ON t.id = ft.tag_id
        WHERE ft.file_id = f.id AND t.folded IN (${tags.map(() => '?').join(', ')})) = ?`,
    );
    params.push(...tags, tags.length);
  }
  if (filter.untagged) parts.push(`NOT EXISTS (SELECT 1 FROM file_tags ft WHERE ft.file_id = f.id)`);
  if (filter.minRating) {
    parts.push(`EXISTS (SELECT 1 FROM file_marks m WHERE m.file_id = f.id AND m.rating >= ?)`);
    params.push(filter.minRating);
  }
  if (filter.collection !== undefined) {
    parts.push(
      `EXISTS (SELECT 1 FROM collection_items ci JOIN collections c ON c.id = ci.collection_id
        WHERE ci.file_id = f.id AND c.folded = ?)`,
    );
    params.push(foldLabel(filter.collection));
  }
  return { where: parts.length ? parts.join(' AND ') : '1', params };
}
