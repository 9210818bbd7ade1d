/**
 * A user's existing pymilvus code works on what Atelier wrote: the tutorial's
 * `MilvusClient(uri).search(collection_name, data=[query_vector], limit=3,
 * output_fields=["filepath", "filename"])`, run by the real Python client.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { MilvusStore } from '../../src/main/core/vectors/milvus/milvusStore';
import { entry, randomUnit } from './contractData';
import { describeMilvus, milvusTargets } from './milvusTargets';

const run = promisify(execFile);
const PYTHON = process.env.PYTHON ?? 'python3';

/** The user's code, verbatim but for reading its inputs and printing JSON. */
const USER_CODE = `
import json, sys
from pymilvus import MilvusClient
uri, collection_name, query_vector = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
res = MilvusClient(uri).search(collection_name, data=[query_vector], limit=3, output_fields=["filepath", "filename"])
print(json.dumps([{"filepath": h["entity"]["filepath"], "filename": h["entity"]["filename"], "distance": h["distance"]} for h in res[0]]))
`;

interface PyHit {
  filepath: string;
  filename: string;
  distance: number;
}

async function pymilvusSearch(uri: string, collection: string, query: Float32Array): Promise<PyHit[]> {
  try {
    await run(PYTHON, ['-c', 'import pymilvus']);
  } catch {
    throw new Error(`pymilvus not found for ${PYTHON}: pip install pymilvus`);
  }
  const { stdout } = await run(PYTHON, ['-c', USER_CODE, uri, collection, JSON.stringify(Array.from(query))], {
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as PyHit[];
}

describeMilvus('pymilvus on what Atelier wrote', () => {
  for (const target of milvusTargets()) {
    describe(target.kind, () => {
      it('finds the expected file first, with its path and name', async () => {
        const store = new MilvusStore({ uri: target.uri(), collection: `py_${process.pid}` });
        const model = { id: 'clip-vit-base-patch32', dim: 32 };
        try {
          const files = ['/studio/refs/knight_01.png', '/studio/refs/castle at dusk.jpg', '/studio/refs/dragon.webp'];
          const vectors = files.map((_, i) => randomUnit(100 + i, model.dim));
          await store.upsert(
            model,
            files.map((f, i) => entry(f, vectors[i]!)),
          );
          const hits = await pymilvusSearch(target.uri(), store.collectionName(model), vectors[1]!);
          expect(store.collectionName(model)).toBe(`py_${process.pid}_clip_vit_base_patch32`);
          expect(hits).toHaveLength(3);
          expect(hits[0]).toMatchObject({
            filepath: '/studio/refs/castle at dusk.jpg',
            filename: 'castle at dusk.jpg',
          });
          expect(hits[0]!.distance).toBeCloseTo(1, 4); // COSINE: a similarity, best first
        } finally {
          await store.close();
        }
      });
    });
  }
});
