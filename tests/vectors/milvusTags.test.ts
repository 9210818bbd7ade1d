/**
 * A studio's own code filters Atelier's Milvus collection on tags
 * (`array_contains(tags, "x")`, run by the real Python client): a tag put on a
 * file, a second source of the same tag, a tag taken off and a file deleted all
 * follow the catalog through its change log; a collection made before the `tags`
 * field existed keeps taking writes without it.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { ChangeLog } from '../../src/main/core/catalog/changeLog';
import { OrganizeService } from '../../src/main/core/organize/organizeService';
import { MilvusStore } from '../../src/main/core/vectors/milvus/milvusStore';
import { VectorSync } from '../../src/main/core/vectors/vectorSync';
import { entry, randomUnit } from './contractData';
import { describeMilvus, milvusTargets } from './milvusTargets';
import { withCollectionLacking } from './oldCollection';

const run = promisify(execFile);
const PYTHON = process.env.PYTHON ?? 'python3';

/** A studio's own query: the files that have a tag, with their tags. */
const TAG_QUERY = `
import json, sys
from pymilvus import MilvusClient
uri, collection_name, tag = sys.argv[1], sys.argv[2], sys.argv[3]
res = MilvusClient(uri).query(collection_name, filter=f'array_contains(tags, {json.dumps(tag, ensure_ascii=False)})', output_fields=["filepath", "tags"])
print(json.dumps(sorted([{"filepath": r["filepath"], "tags": list(r["tags"])} for r in res], key=lambda r: r["filepath"])))
`;

async function python<T>(code: string, ...args: string[]): Promise<T> {
  try {
    await run(PYTHON, ['-c', 'import pymilvus']);
  } catch {
    throw new Error(`pymilvus not found for ${PYTHON}: pip install pymilvus`);
  }
  const { stdout } = await run(PYTHON, ['-c', code, ...args], { timeout: 60_000 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as T;
}

describeMilvus('tags in the Milvus collection', () => {
  for (const target of milvusTargets()) {
    describe(target.kind, () => {
      it('filters on the tags of each file, kept in step as tags change', { timeout: 240_000 }, async () => {
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-milvus-tags-'));
        const catalog = Catalog.open(path.join(tmp, 'catalog.db'));
        const organize = new OrganizeService(catalog);
        const store = new MilvusStore({ uri: target.uri(), collection: `pytags_${process.pid}` });
        const model = { id: 'clip-vit-base-patch32', dim: 32 };
        const sync = new VectorSync(new ChangeLog(catalog), store);
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
        const tagged = (tag: string) =>
          python<Array<{ filepath: string; tags: string[] }>>(
            TAG_QUERY,
            target.uri(),
            store.collectionName(model),
            tag,
          );
        try {
          put('dusk.png', 'k-dusk', 1);
          put('dawn.png', 'k-dawn', 2);
          put('plain.png', 'k-plain', 3);
          organize.addTag('Sunset', ['/studio/dusk.png', '/studio/dawn.png']);
          organize.addTag('夕焼け 🌅', ['/studio/dusk.png']);
          await sync.sync(model);
          expect(await tagged('Sunset')).toEqual([
            { filepath: '/studio/dawn.png', tags: ['Sunset'] },
            { filepath: '/studio/dusk.png', tags: ['Sunset', '夕焼け 🌅'] },
          ]);
          expect(await tagged('夕焼け 🌅')).toEqual([{ filepath: '/studio/dusk.png', tags: ['Sunset', '夕焼け 🌅'] }]);

          // The same tag from a second source changes nothing a store keeps, and logs nothing.
          const log = new ChangeLog(catalog);
          const head = log.head();
          const fileId = catalog.fileByPath('/studio/dawn.png')!.id;
          catalog.db
            .prepare(`INSERT INTO file_tags SELECT ?, id, 'file', 0 FROM tags WHERE folded = 'sunset'`)
            .run(fileId);
          expect(log.head()).toBe(head);

          // Taken off by the user, the tag stays while the file's keyword still gives it.
          organize.removeTag('sunset', ['/studio/dawn.png', '/studio/dusk.png']);
          await sync.sync(model);
          expect(await tagged('Sunset')).toEqual([{ filepath: '/studio/dawn.png', tags: ['Sunset'] }]);
          catalog.db.prepare(`DELETE FROM file_tags WHERE file_id = ?`).run(fileId);
          organize.addTag('night', ['/studio/plain.png']);
          await sync.sync(model);
          expect(await tagged('Sunset')).toEqual([]);
          expect(await tagged('night')).toEqual([{ filepath: '/studio/plain.png', tags: ['night'] }]);

          // A deleted file leaves the collection with its tags.
          catalog.deleteFile('/studio/dusk.png');
          await sync.sync(model);
          expect(await tagged('夕焼け 🌅')).toEqual([]);
        } finally {
          await store.reset(model).catch(() => undefined);
          await store.close();
          catalog.close();
          fs.rmSync(tmp, { recursive: true, force: true });
        }
      });

      it(
        'keeps writing into a collection made before the tags field, without the tags',
        { timeout: 180_000 },
        async () => {
          await withCollectionLacking(target.uri(), `pyuntagged_${process.pid}`, 'tags', async (store, model) => {
            const vector = randomUnit(7, model.dim);
            await store.upsert(model, [entry('/studio/old.png', vector, { tags: ['sunset'] })]);
            const hits = await store.search(model, vector, 1);
            expect(hits.map((h) => h.path)).toEqual(['/studio/old.png']);
            await expect(tagged(store.collectionName(model))).rejects.toThrow(/tags/);
          });
          function tagged(collection: string) {
            return python(TAG_QUERY, target.uri(), collection, 'sunset');
          }
        },
      );
    });
  }
});
