/** Entries and vectors for the vector store contract: small, exact, and easy to reason about. */
import type { Catalog } from '../../src/main/core/catalog/catalog';
import type { ModelSpace, VectorEntry } from '../../src/main/core/vectors/vectorStore';

/** A unit vector in the direction of `v`. */
export function unit(...v: number[]): Float32Array {
  const n = Math.hypot(...v);
  return Float32Array.from(v, (x) => x / n);
}

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** A unit vector at `degrees` from the x axis in the xy plane, padded to `dim`. */
export function angle(degrees: number, dim = 4): Float32Array {
  const v = new Float32Array(dim);
  v[0] = Math.cos((degrees * Math.PI) / 180);
  v[1] = Math.sin((degrees * Math.PI) / 180);
  return v;
}

/** Catalogs `file` (a 2×2 PNG in root `rootId`) with a vector at `degrees`, as indexing would. */
export function putAtAngle(catalog: Catalog, modelId: string, file: string, degrees: number, rootId: number): void {
  catalog.putEmbedding(`k-${file}`, modelId, angle(degrees));
  catalog.putFile({
    rootId,
    path: file,
    contentKey: `k-${file}`,
    size: 1,
    mtimeMs: 1,
    width: 2,
    height: 2,
    format: 'png',
  });
}

/** A deterministic pseudo-random unit vector (mulberry32), so failures reproduce. */
export function randomUnit(seed: number, dim: number): Float32Array {
  let t = seed >>> 0;
  const next = () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r ^= r + Math.imul(r ^ (r >>> 7), 61 | r);
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
  return unit(...Array.from({ length: dim }, next));
}

/** An entry for `file` (an absolute path; its folder is the part up to the last separator). */
export function entry(file: string, vector: Float32Array, meta: Partial<VectorEntry> = {}): VectorEntry {
  const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return {
    path: file,
    filename: file.slice(cut + 1),
    folder: file.slice(0, cut),
    contentKey: `k-${file}`,
    size: 1000,
    mtimeMs: 1_700_000_000_000,
    width: 64,
    height: 48,
    format: file.endsWith('.jpg') ? 'jpeg' : 'png',
    vector,
    ...meta,
  };
}

let counter = 0;
/**
 * A model of its own for one test, so tests do not see each other's entries
 * (and a Milvus backend gets a fresh collection per test).
 */
export function freshModel(dim = 4): ModelSpace {
  counter += 1;
  return { id: `contract-${process.pid}-${Date.now().toString(36)}-${counter}-d${dim}`, dim };
}
