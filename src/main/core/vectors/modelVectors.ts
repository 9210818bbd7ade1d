/**
 * One model's vectors as a whole: the room they take on disk, and freeing it.
 * The catalog holds every model's vectors (the source of truth); the embedded
 * store keeps a derived table and index per model beside it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../catalog/catalog';
import { deleteEmbeddings, embeddingBytes } from '../catalog/modelEmbeddings';
import { EMBEDDED_DIR } from './createStore';
import { spaceFiles } from './embedded/indexFiles';
import type { ModelSpace } from './vectorStore';
import type { VectorSync } from './vectorSync';

function fileSize(file: string): number {
  return fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
}

/** Bytes of `model`'s vectors: in the catalog, plus the embedded store's files for it (if any). */
export function modelVectorBytes(dataDir: string, catalog: Catalog, model: string): number {
  const { db, index, sidecar } = spaceFiles(path.join(dataDir, EMBEDDED_DIR), model);
  const stored = [db, `${db}-wal`, index, sidecar].reduce((n, f) => n + fileSize(f), 0);
  return embeddingBytes(catalog.db, model) + stored;
}

/** Deletes `model`'s vectors from the catalog and its space from the store in use; returns how many went. */
export async function removeModelVectors(catalog: Catalog, vectors: VectorSync, model: ModelSpace): Promise<number> {
  const removed = deleteEmbeddings(catalog.db, model.id);
  await vectors.store.drop(model);
  return removed;
}
