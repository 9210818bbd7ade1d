/**
 * The model list as the picker shows it (each model's facts, the room its
 * vectors take, which one searches use) and freeing a model's vectors.
 */
import type { ModelFacts, ModelStatus } from '../../../shared/types';
import type { Catalog } from '../catalog/catalog';
import { embeddingDim } from '../catalog/modelEmbeddings';
import { ModelError } from '../clip/manifest';
import { modelVectorBytes, removeModelVectors } from '../vectors/modelVectors';
import type { VectorSync } from '../vectors/vectorSync';

export interface ModelsInUse {
  active: string | null;
  pending: string | null;
}

/** Every model with its vectors' size; models with vectors but no install any more are listed too, so they can be freed. */
export function modelStatuses(facts: ModelFacts[], dataDir: string, catalog: Catalog, use: ModelsInUse): ModelStatus[] {
  const known = new Set(facts.map((m) => m.id));
  const orphaned = (
    catalog.db.prepare(`SELECT model_id AS id FROM model_vectors`).all() as Array<{ id: string }>
  ).filter((r) => !known.has(r.id));
  const all: ModelFacts[] = [
    ...facts,
    ...orphaned.map((r): ModelFacts => ({
      id: r.id,
      name: r.id,
      installed: false,
      source: 'imported',
      layout: 'huggingface',
      dim: embeddingDim(catalog.db, r.id),
      languages: [],
      languagesFrom: 'unknown',
    })),
  ];
  return all.map((m) => ({
    ...m,
    bytes: modelVectorBytes(dataDir, catalog, m.id),
    active: m.id === use.active,
    pending: m.id === use.pending,
  }));
}

/** Frees a model's vectors; the model searches use, or the one being switched to, is refused. */
export async function removeVectors(
  id: string,
  listed: ModelFacts | undefined,
  catalog: Catalog,
  vectors: VectorSync,
  use: ModelsInUse,
): Promise<number> {
  const width = listed?.dim ?? embeddingDim(catalog.db, id);
  if (!listed && width === null) {
    throw new ModelError(`No model "${id}" and no vectors of that id: see "atelier models list".`);
  }
  if (id === use.active) {
    throw new ModelError(
      `"${id}" is the model searches use: switch to another one first ("atelier models use <id>"), then remove its vectors.`,
    );
  }
  if (id === use.pending) {
    throw new ModelError(
      `The library is being re-indexed into "${id}": cancel that switch first, then remove its vectors.`,
    );
  }
  if (width === null) return 0;
  return removeModelVectors(catalog, vectors, { id, dim: width });
}
