/**
 * A user's existing pymilvus code works on what Atelier wrote: the tutorial's
 * `MilvusClient(uri).search(collection_name, data=[query_vector], limit=3,
 * output_fields=["filepath", "filename"])`, run by the real Python client; and
 * a studio's own code filters on the text read in the images, which follows
 * the catalog as images are read again, while Atelier's hybrid search fuses
 * Milvus's vectors with the catalog's text index.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { ChangeLog } from '../../src/main/core/catalog/changeLog';
import { hybridSearch } from '../../src/main/core/search/hybridSearch';
import { parseTextQuery } from '../../src/main/core/text/textQuery';
import { MilvusStore } from '../../src/main/core/vectors/milvus/milvusStore';
import { VectorSync } from '../../src/main/core/vectors/vectorSync';
import { entry, randomUnit } from './contractData';
import { describeMilvus, milvusTargets } from './milvusTargets';
import { withCollectionLacking } from './oldCollection';

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

/** A studio's own query: the files whose text starts so (Milvus 2.3 matches only a prefix with `like`). */
const TEXT_QUERY = `
import json, sys
from pymilvus import MilvusClient
uri, collection_name, start = sys.argv[1], sys.argv[2], sys.argv[3]
res = MilvusClient(uri).query(collection_name, filter=f'text like "{start}%"', output_fields=["filepath", "text"])
print(json.dumps(sorted([{"filepath": r["filepath"], "text": r["text"]} for r in res], key=lambda r: r["filepath"])))
`;

interface PyHit {
  filepath: string;
  filename: string;
  distance: number;
}

async function python<T>(code: string, ...args: string[]): Promise<T> {
  try {
    await run(PYTHON, ['-c', 'import pymilvus']);
  } catch {
    throw new Error(`pymilvus not found for ${PYTHON}: pip install pymilvus`);
  }
  const { stdout } = await run(PYTHON, ['-c', code, ...args], { timeout: 60_000 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as T;
}

const pymilvusSearch = (uri: string, collection: string, query: Float32Array) =>
  python<PyHit[]>(USER_CODE, uri, collection, JSON.stringify(Array.from(query)));

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

      // Two Python runs and three syncs: on a busy machine more than the default minute.
      it(
        'filters on the text read in each image, kept in step as images are read again',
        { timeout: 240_000 },
        async () => {
          const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-milvus-text-'));
          const catalog = Catalog.open(path.join(tmp, 'catalog.db'));
          const store = new MilvusStore({ uri: target.uri(), collection: `pytext_${process.pid}` });
          const model = { id: 'clip-vit-base-patch32', dim: 32 };
          const sync = new VectorSync(new ChangeLog(catalog), store);
          const read = catalog.db.prepare(
            `INSERT OR REPLACE INTO image_texts VALUES (?, 'pp-ocrv4', ?, '[]', NULL, 0)`,
          );
          const root = catalog.addRoot('/studio');
          const put = (name: string, key: string, seed: number) => {
            catalog.putEmbedding(key, model.id, randomUnit(seed, model.dim));
            catalog.putFile({
              rootId: root.id,
              path: `/studio/${name}`,
              contentKey: key,
              size: 1,
              mtimeMs: 1,
              width: 8,
              height: 8,
              format: 'png',
            });
          };
          const textStarting = (start: string) =>
            python<Array<{ filepath: string; text: string }>>(
              TEXT_QUERY,
              target.uri(),
              store.collectionName(model),
              start,
            );
          try {
            put('poster.png', 'k-poster', 1);
            put('copy of poster.png', 'k-poster', 1);
            put('plain.png', 'k-plain', 2);
            read.run('k-poster', 'LUNAR FESTIVAL\nTonight only');
            await sync.sync(model);
            expect(await textStarting('LUNAR')).toEqual([
              { filepath: '/studio/copy of poster.png', text: 'LUNAR FESTIVAL\nTonight only' },
              { filepath: '/studio/poster.png', text: 'LUNAR FESTIVAL\nTonight only' },
            ]);

            // Atelier's own hybrid search: Milvus's nearest vectors fused with the catalog's text index.
            const hits = await hybridSearch({
              catalog,
              modelId: model.id,
              query: parseTextQuery('festival'),
              vector: randomUnit(2, model.dim),
              limit: 3,
              condition: { where: '1', params: [] },
              nearest: (depth) => store.search(model, randomUnit(2, model.dim), depth),
            });
            expect(hits[0]!.path).toMatch(/poster\.png$/);
            expect(hits[0]!.matches?.text).toContain('LUNAR FESTIVAL');
            expect(hits[0]!.matches?.found).toEqual(['FESTIVAL']);
            expect(hits.find((h) => h.path === '/studio/plain.png')?.matches?.visual).toBeCloseTo(1, 4);

            // Read later than its vector was sent: a text longer than a VarChar holds is cut, never mid-character.
            const log = new ChangeLog(catalog);
            let head = log.head();
            read.run('k-plain', '限'.repeat(30_000));
            expect(log.head()).toBe(head + 1);
            // An image read again with the same text, or found to hold none, sends nothing.
            head = log.head();
            read.run('k-plain', '限'.repeat(30_000));
            put('blank.png', 'k-blank', 3);
            expect(log.head()).toBe(head + 1); // blank.png itself
            read.run('k-blank', '');
            expect(log.head()).toBe(head + 1);
            await sync.sync(model);
            const long = await textStarting('限');
            expect(long.map((r) => r.filepath)).toEqual(['/studio/plain.png']);
            expect(long[0]!.text).toBe('限'.repeat(21_845)); // 65,535 bytes of UTF-8

            // Read again by a newer model that finds nothing: the text goes from Milvus too.
            read.run('k-poster', '');
            await sync.sync(model);
            expect(await textStarting('LUNAR')).toEqual([]);
          } finally {
            await store.reset(model).catch(() => undefined);
            await store.close();
            catalog.close();
            fs.rmSync(tmp, { recursive: true, force: true });
          }
        },
      );

      it(
        'keeps writing into a collection made before the text field, without the text',
        { timeout: 180_000 },
        async () => {
          await withCollectionLacking(target.uri(), `pyold_${process.pid}`, 'text', async (store, model) => {
            const vector = randomUnit(7, model.dim);
            await store.upsert(model, [entry('/studio/old.png', vector, { text: 'LUNAR FESTIVAL' })]);
            const hits = await pymilvusSearch(target.uri(), store.collectionName(model), vector);
            expect(hits.map((h) => h.filepath)).toEqual(['/studio/old.png']);
          });
        },
      );
    });
  }
});
