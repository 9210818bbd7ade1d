/**
 * A search narrowed by what people attached to images (tags, rating,
 * collection, untagged). The vector stores know nothing of these, so the
 * catalog says which files pass. A narrow subset, the usual case for a tag or
 * a collection, is ranked exactly from the catalog's own vectors: no store
 * round trip, and no result lost however far the subset lies from the query.
 * A wide one (untagged, say) is searched in the store with a growing k and
 * intersected, which stays exact because the growth stops only when k hits
 * passed or the store had nothing more to give.
 */
import type { Catalog } from '../catalog/catalog';
import type { FileCondition } from '../organize/organizeFilter';
import { filterPredicate } from '../vectors/embedded/entryReader';
import { dot } from '../vectors/embedded/scoring';
import type { ModelSpace, VectorFilter, VectorHit, VectorStore } from '../vectors/vectorStore';

/** Up to this many passing files are ranked from the catalog; more go through the store. */
export const EXACT_SUBSET_LIMIT = 20_000;

export interface OrganizedSearch {
  catalog: Catalog;
  /** Searched with a growing k when too many files pass to rank them from the catalog. */
  store: Pick<VectorStore, 'search'>;
  model: ModelSpace;
  query: Float32Array;
  k: number;
  /** The folder and format filter, as the store takes it. */
  filter: VectorFilter;
  condition: FileCondition;
  /** Up to how many passing files are ranked from the catalog (default EXACT_SUBSET_LIMIT). */
  exactLimit?: number;
}

function fromBlob(b: Buffer): Float32Array {
  // Copied: a Buffer may share a pool and need not be 4-byte aligned.
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}

const byRank = (a: VectorHit, b: VectorHit) => b.score - a.score || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

export async function organizedNearest(s: OrganizedSearch): Promise<VectorHit[]> {
  const { where, params } = s.condition;
  const from = `FROM files f JOIN embeddings e ON e.content_key = f.content_key AND e.model_id = ? WHERE ${where}`;
  const { n } = s.catalog.db.prepare(`SELECT count(*) AS n ${from}`).get(s.model.id, ...params) as { n: number };
  if (n === 0) return [];
  if (n <= (s.exactLimit ?? EXACT_SUBSET_LIMIT)) {
    const accept = filterPredicate(s.filter);
    const hits: VectorHit[] = [];
    const rows = s.catalog.db
      .prepare(`SELECT f.path, f.width, f.height, f.format, e.vector ${from}`)
      .iterate(s.model.id, ...params) as IterableIterator<Omit<VectorHit, 'score'> & { vector: Buffer }>;
    for (const { vector, ...meta } of rows) {
      if (accept(meta)) hits.push({ ...meta, score: dot(s.query, fromBlob(vector)) });
    }
    return hits.sort(byRank).slice(0, s.k);
  }
  const passing = new Set(
    (s.catalog.db.prepare(`SELECT f.path ${from}`).all(s.model.id, ...params) as Array<{ path: string }>).map(
      (r) => r.path,
    ),
  );
  for (let ask = s.k * 4; ; ask *= 4) {
    const hits = await s.store.search(s.model, s.query, ask, s.filter);
    const kept = hits.filter((h) => passing.has(h.path));
    if (kept.length >= s.k || hits.length < ask) return kept.slice(0, s.k);
  }
}
