/**
 * A search by colours alone: no model is needed, so it answers even before
 * the encoder has started (or with no model installed).
 */
import type { SearchQuery } from '../../../shared/contract';
import type { SearchResults } from '../../../shared/types';
import type { Catalog } from '../catalog/catalog';
import { StackRecords } from '../catalog/stackRecords';
import { type FileCondition, isOrganizing } from '../organize/organizeFilter';
import type { OrganizeService } from '../organize/organizeService';
import { ColorSearch } from './colorSearch';

const DEFAULT_LIMIT = 20;

export interface ColorOnlyDeps {
  catalog: Catalog;
  organize: OrganizeService;
}

/** `model` is only reported back, as for any search. */
export function colorOnlySearch(
  { catalog, organize }: ColorOnlyDeps,
  query: SearchQuery,
  model: string,
): SearchResults {
  const filters = query.filters ?? {};
  const organized = isOrganizing(filters) ? organize.condition(filters) : null;
  const also = bothConditions(organized, new StackRecords(catalog.db).visibleCondition());
  return { model, results: new ColorSearch(catalog).rank(filters, query.limit ?? DEFAULT_LIMIT, also) };
}

/** Both conditions, or the one given. */
export function bothConditions(a: FileCondition | null, b: FileCondition | null): FileCondition | null {
  if (!a || !b) return a ?? b;
  return { where: `(${a.where}) AND (${b.where})`, params: [...a.params, ...b.params] };
}
