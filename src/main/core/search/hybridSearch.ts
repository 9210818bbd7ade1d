/**
 * A text query answered by the vectors and the text index at once, fused by
 * reciprocal rank, or by the text index alone. Each hit says why it matched:
 * what the text index found and, where vectors were searched, its cosine
 * similarity (read from the catalog for a hit the vector side did not rank).
 */
import type { SearchHit } from '../../../shared/types';
import type { Catalog } from '../catalog/catalog';
import type { FileCondition } from '../organize/organizeFilter';
import { FUSION_DEPTH, reciprocalRankFusion } from '../text/fusion';
import { searchText, type TextHit } from '../text/textIndex';
import { textMatches } from '../text/textMatches';
import type { TextQuery } from '../text/textQuery';
import { dot } from '../vectors/embedded/scoring';

const rounded = (n: number) => Number(n.toFixed(6));

export interface HybridSearch {
  catalog: Catalog;
  modelId: string;
  query: TextQuery;
  vector: Float32Array;
  limit: number;
  condition: FileCondition;
  /** The vector side's ranking, under the same filters, with cosine scores. */
  nearest(depth: number): Promise<SearchHit[]>;
}

function withTextMatches(catalog: Catalog, query: TextQuery, hits: TextHit[]): Map<string, SearchHit['matches']> {
  const found = textMatches(
    catalog.db,
    query,
    hits.map((h) => h.fileId),
  );
  return new Map(hits.map((h) => [h.path, found.get(h.fileId) ?? {}]));
}

export async function hybridSearch(s: HybridSearch): Promise<SearchHit[]> {
  const depth = Math.max(s.limit, FUSION_DEPTH);
  const visual = await s.nearest(depth);
  const text = searchText(s.catalog.db, s.query, depth, s.condition);
  const fused = reciprocalRankFusion([visual.map((h) => h.path), text.map((h) => h.path)]).slice(0, s.limit);
  const visualOf = new Map(visual.map((h) => [h.path, h]));
  const textOf = new Map(text.map((h) => [h.path, h]));
  const matched = withTextMatches(
    s.catalog,
    s.query,
    fused.flatMap(({ key }) => textOf.get(key) ?? []),
  );
  return fused.map(({ key, score }) => {
    const seen = visualOf.get(key);
    const t = textOf.get(key);
    const cosine = seen?.score ?? (t && s.catalog.embedding(t.contentKey, s.modelId));
    const meta = seen ?? t!;
    const visualScore = typeof cosine === 'number' ? cosine : cosine && dot(s.vector, cosine);
    return {
      path: meta.path,
      width: meta.width,
      height: meta.height,
      format: meta.format,
      score: rounded(score),
      matches: {
        ...matched.get(key),
        ...(visualScore !== undefined ? { visual: rounded(visualScore) } : {}),
      },
    };
  });
}

/** The text index alone: BM25 order. */
export function textOnlySearch(
  catalog: Catalog,
  query: TextQuery,
  limit: number,
  condition: FileCondition,
): SearchHit[] {
  const hits = searchText(catalog.db, query, limit, condition);
  const matched = withTextMatches(catalog, query, hits);
  return hits.map((h) => ({
    path: h.path,
    width: h.width,
    height: h.height,
    format: h.format,
    score: rounded(h.score),
    matches: matched.get(h.path) ?? {},
  }));
}
