/**
 * References found for the user: the library's best matches for the prompt
 * by CLIP search, leaving out near-duplicates of one another (three renders of
 * the same shot teach the model less than three different shots) and images
 * already chosen.
 */
import type { Catalog } from '../catalog/catalog';
import type { SearchService } from '../search/searchService';
import { dot } from '../vectors/embedded/scoring';

/** Cosine (the dot product of unit vectors) above which two images count as the same shot. */
export const NEAR_DUPLICATE = 0.95;

export async function findAutoReferences(
  search: SearchService,
  catalog: Catalog,
  prompt: string,
  k: number,
  chosen: string[],
): Promise<string[]> {
  if (k <= 0) return [];
  const { model: modelId, results } = await search.search({
    text: prompt,
    // By looks: a prompt is a description, not words to find printed in images or their names.
    mode: 'visual',
    limit: Math.max(4 * k, k + chosen.length + 8),
  });
  const picked: Array<{ path: string; vector: Float32Array | undefined }> = [];
  const taken = new Set(chosen.map((p) => catalog.fileByPath(p)?.contentKey ?? p));
  const chosenVectors = chosen.flatMap((p) => {
    const row = catalog.fileByPath(p);
    const v = row && catalog.embedding(row.contentKey, modelId);
    return v ? [v] : [];
  });
  for (const hit of results) {
    if (picked.length >= k) break;
    const row = catalog.fileByPath(hit.path);
    if (!row || taken.has(row.contentKey)) continue;
    const vector = catalog.embedding(row.contentKey, modelId);
    const others = [...chosenVectors, ...picked.flatMap((p) => (p.vector ? [p.vector] : []))];
    if (vector && others.some((o) => dot(o, vector) > NEAR_DUPLICATE)) continue;
    taken.add(row.contentKey);
    picked.push({ path: hit.path, vector });
  }
  return picked.map((p) => p.path);
}
