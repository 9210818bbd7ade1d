/**
 * Near-duplicates, computed from what the catalog already holds: files sharing a
 * content key are copies; contents whose vectors (the active model's) pass a cosine
 * threshold are similar, grouped transitively (union-find), so a chain of small
 * edits lands in one group. A similar group's similarity is its weakest link.
 */
import { type DuplicateGroup, NEAR_SIMILARITY_FLOOR } from '../../../shared/organize';
import type { Db } from '../catalog/database';
import { contentVectors } from './contentVectors';
import { DisjointSets } from './disjointSets';
import { type KeyPair, storedPairs, updateNearPairs } from './nearPairs';
import { neighbourPairs, type NeighbourProgress } from './neighbourPairs';

/**
 * Half-size, JPEG quality 35 and 3%-cropped versions of a photo score at least 0.998
 * to it with the colour stand-in model, while the closest distinct photos (a cat and
 * a lawn, both green-grey) reach 0.974 (duplicates.test.ts): 0.985 sits between them.
 */
export const DEFAULT_SIMILARITY = 0.985;

/** A threshold outside (0, 1] is refused with this message. */
export class ThresholdError extends Error {}

export function parseThreshold(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0 || value > 1) {
    throw new ThresholdError(`The similarity threshold must be a number above 0 and at most 1, not "${text}".`);
  }
  return value;
}

interface Content {
  key: string;
  paths: string[];
}

export interface FindOptions {
  /** How far a search for new images' neighbours has come, in rows. */
  onProgress?: NeighbourProgress;
}

/**
 * The groups of the library under `model`: copies first, then similar groups, most alike first.
 * At or above NEAR_SIMILARITY_FLOOR they come from the stored pairs, brought up to date first
 * (only images never searched are); below it, from a search of every image, stored nowhere.
 */
export async function findDuplicates(
  db: Db,
  model: string,
  threshold = DEFAULT_SIMILARITY,
  options: FindOptions = {},
): Promise<DuplicateGroup[]> {
  const contents = contentsOf(db);
  const copies: DuplicateGroup[] = contents
    .filter((c) => c.paths.length > 1)
    .map((c) => ({ kind: 'copy', similarity: 1, paths: c.paths }));
  let pairs: KeyPair[];
  if (threshold >= NEAR_SIMILARITY_FLOOR) {
    await updateNearPairs(db, model, options.onProgress);
    pairs = storedPairs(db, model, threshold);
  } else {
    pairs = await everyPair(db, model, threshold, options.onProgress);
  }
  return [...copies, ...similarGroups(pairs, contents)];
}

/** Every content of the library with its files, paths sorted. */
function contentsOf(db: Db): Content[] {
  const byKey = new Map<string, string[]>();
  const rows = db.prepare(`SELECT content_key AS key, path FROM files ORDER BY content_key, path`).raw().iterate();
  for (const [key, path] of rows as Iterable<[string, string]>) {
    const paths = byKey.get(key);
    if (paths) paths.push(path);
    else byKey.set(key, [path]);
  }
  return [...byKey].map(([key, paths]) => ({ key, paths }));
}

async function everyPair(db: Db, model: string, threshold: number, onProgress?: NeighbourProgress) {
  const { keys, vectors, dim } = contentVectors(db, model);
  const pairs = await neighbourPairs(
    vectors,
    dim,
    keys.map((_, row) => row),
    threshold,
    onProgress,
  );
  return pairs.map(({ a, b, similarity }) => ({ a: keys[a]!, b: keys[b]!, similarity }));
}

/** Contents joined by pairs, transitively (union-find); a group's similarity is its weakest link. */
function similarGroups(pairs: readonly KeyPair[], contents: readonly Content[]): DuplicateGroup[] {
  const rows = new Map<string, number>();
  const rowOf = (key: string) => {
    let row = rows.get(key);
    if (row === undefined) rows.set(key, (row = rows.size));
    return row;
  };
  const linked = pairs.map((p) => ({ a: rowOf(p.a), b: rowOf(p.b), similarity: p.similarity }));
  const keys = [...rows.keys()];
  const sets = new DisjointSets(keys.length);
  for (const { a, b } of linked) sets.union(a, b);
  const weakest = new Map<number, number>();
  for (const { a, similarity } of linked) {
    const root = sets.find(a);
    weakest.set(root, Math.min(weakest.get(root) ?? 1, similarity));
  }
  const members = new Map<number, number[]>();
  for (let i = 0; i < keys.length; i++) {
    const root = sets.find(i);
    const list = members.get(root);
    if (list) list.push(i);
    else members.set(root, [i]);
  }
  const pathsOf = new Map(contents.map((c) => [c.key, c.paths]));
  const groups: DuplicateGroup[] = [...members].map(([root, list]) => ({
    kind: 'similar',
    similarity: Math.round(Math.min(1, weakest.get(root)!) * 10000) / 10000,
    paths: list.flatMap((i) => pathsOf.get(keys[i]!) ?? []).sort(),
  }));
  return groups.sort((x, y) => y.similarity - x.similarity || x.paths[0]!.localeCompare(y.paths[0]!));
}
