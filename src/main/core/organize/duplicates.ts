/**
 * Near-duplicates, computed from what the catalog already holds: files sharing a
 * content key are copies; contents whose vectors (the active model's) pass a cosine
 * threshold are similar, grouped transitively (union-find), so a chain of small
 * edits lands in one group. A similar group's similarity is its weakest link.
 */
import type { DuplicateGroup } from '../../../shared/organize';
import type { Db } from '../catalog/database';
import { DisjointSets } from './disjointSets';
import { similarPairs } from './similarPairs';

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

/** The groups of the library under `model`: copies first, then similar groups, most alike first. */
export function findDuplicates(db: Db, model: string, threshold = DEFAULT_SIMILARITY): DuplicateGroup[] {
  const contents = contentsOf(db);
  const copies: DuplicateGroup[] = contents
    .filter((c) => c.paths.length > 1)
    .map((c) => ({ kind: 'copy', similarity: 1, paths: c.paths }));
  return [...copies, ...similarGroups(db, model, contents, threshold)];
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

function similarGroups(db: Db, model: string, contents: Content[], threshold: number): DuplicateGroup[] {
  const { keys, vectors, dim } = vectorsOf(db, model);
  if (keys.length < 2) return [];
  const sets = new DisjointSets(keys.length);
  const pairs = similarPairs(vectors, dim, threshold);
  for (const { a, b } of pairs) sets.union(a, b);
  const weakest = new Map<number, number>();
  for (const { a, similarity } of pairs) {
    const root = sets.find(a);
    weakest.set(root, Math.min(weakest.get(root) ?? 1, similarity));
  }
  const members = new Map<number, number[]>();
  for (let i = 0; i < keys.length; i++) {
    const root = sets.find(i);
    if (!weakest.has(root)) continue;
    const list = members.get(root);
    if (list) list.push(i);
    else members.set(root, [i]);
  }
  const pathsOf = new Map(contents.map((c) => [c.key, c.paths]));
  const groups: DuplicateGroup[] = [...members].map(([root, list]) => ({
    kind: 'similar',
    similarity: Math.round(weakest.get(root)! * 10000) / 10000,
    paths: list.flatMap((i) => pathsOf.get(keys[i]!) ?? []).sort(),
  }));
  return groups.sort((x, y) => y.similarity - x.similarity || x.paths[0]!.localeCompare(y.paths[0]!));
}

/** The model's vectors of the library's contents, as one flat matrix of unit rows. */
function vectorsOf(db: Db, model: string): { keys: string[]; vectors: Float32Array; dim: number } {
  const count = db
    .prepare(
      `SELECT count(*) AS n, max(dim) AS dim FROM embeddings e
       WHERE e.model_id = ? AND EXISTS (SELECT 1 FROM files f WHERE f.content_key = e.content_key)`,
    )
    .get(model) as { n: number; dim: number | null };
  const dim = count.dim ?? 0;
  const vectors = new Float32Array(count.n * dim);
  const keys: string[] = [];
  const rows = db
    .prepare(
      `SELECT e.content_key, e.vector FROM embeddings e
       WHERE e.model_id = ? AND EXISTS (SELECT 1 FROM files f WHERE f.content_key = e.content_key)`,
    )
    .raw()
    .iterate(model);
  for (const [key, blob] of rows as Iterable<[string, Buffer]>) {
    if (keys.length === count.n || blob.byteLength !== dim * 4) continue;
    const row = new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
    vectors.set(normalised(row), keys.length * dim);
    keys.push(key);
  }
  return { keys, vectors: vectors.subarray(0, keys.length * dim), dim };
}

function normalised(v: Float32Array): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  if (norm > 0 && Math.abs(norm - 1) > 1e-6) for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}
