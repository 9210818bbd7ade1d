/**
 * A search narrowed by tags, rating or collection, judged against brute force
 * on a real catalog and a real embedded store fed from its change log: the
 * narrow path (ranked from the catalog's vectors) and the wide path (the
 * store asked for more and more, then intersected) give the same, true answer.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { ChangeLog } from '../../src/main/core/catalog/changeLog';
import { OrganizeService } from '../../src/main/core/organize/organizeService';
import { organizedNearest } from '../../src/main/core/search/organizedSearch';
import { EmbeddedStore } from '../../src/main/core/vectors/embedded/embeddedStore';
import type { VectorFilter } from '../../src/main/core/vectors/vectorStore';
import { VectorSync } from '../../src/main/core/vectors/vectorSync';
import type { OrganizeFilter } from '../../src/shared/organize';
import { bruteForce, DIM, entries, queries } from '../vectors/embeddedFixtures';

const model = { id: 'clip-test', dim: DIM };
const library = entries(0, 1500);
/** One image in 60 is a keeper: the store must be asked far beyond k before k keepers turn up. */
const keepers = library.filter((_, i) => i % 60 === 7);
const rated = library.filter((_, i) => i % 3 === 0);

describe('a search narrowed by what was attached to images', () => {
  let dir: string;
  let catalog: Catalog;
  let store: EmbeddedStore;
  let organize: OrganizeService;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-organized-search-'));
    catalog = Catalog.open(path.join(dir, 'catalog.db'));
    const root = catalog.addRoot('/lib');
    catalog.transaction(() => {
      for (const e of library) {
        catalog.putEmbedding(e.contentKey, model.id, e.vector);
        const { path: p, contentKey, size, mtimeMs, width, height, format } = e;
        catalog.putFile({ rootId: root.id, path: p, contentKey, size, mtimeMs, width, height, format });
      }
    });
    organize = new OrganizeService(catalog);
    organize.addTag(
      'Keeper',
      keepers.map((e) => e.path),
    );
    organize.rate(
      4,
      rated.map((e) => e.path),
    );
    store = new EmbeddedStore({ dir: path.join(dir, 'vectors'), exactThreshold: 100_000, saveEvery: 1_000_000 });
    await new VectorSync(new ChangeLog(catalog), store).sync(model);
  });

  afterAll(async () => {
    await store.close();
    catalog.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const search = (query: Float32Array, k: number, filter: OrganizeFilter, exactLimit?: number, vf: VectorFilter = {}) =>
    organizedNearest({
      catalog,
      store,
      model,
      query,
      k,
      filter: vf,
      condition: organize.condition(filter),
      ...(exactLimit !== undefined ? { exactLimit } : {}),
    }).then((hits) => hits.map((h) => h.path));

  it.each([
    { name: 'a rare tag', filter: { tags: ['keeper'] }, subset: keepers },
    { name: 'a common rating', filter: { minRating: 3 }, subset: rated },
  ])('finds the true top k for $name, from the catalog and through the store alike', async ({ filter, subset }) => {
    for (const q of queries(5)) {
      const truth = bruteForce(subset, q, 10);
      expect(truth).toHaveLength(10);
      expect(await search(q, 10, filter)).toEqual(truth);
      // exactLimit 1: every subset is "wide", so the store is asked with a growing k.
      expect(await search(q, 10, filter, 1)).toEqual(truth);
    }
  });

  it('applies the folder and format filters too, and returns all of a subset smaller than k', async () => {
    const [q] = queries(1);
    const vf: VectorFilter = { folders: ['/lib/big/'], formats: ['png'] };
    const truth = bruteForce(keepers, q!, 100, vf);
    expect(truth.length).toBeGreaterThan(0);
    expect(truth.length).toBeLessThan(100);
    expect(await search(q!, 100, { tags: ['KEEPER'] }, undefined, vf)).toEqual(truth);
    expect(await search(q!, 100, { tags: ['KEEPER'] }, 1, vf)).toEqual(truth);
  });

  it('answers nothing for a tag no image has, and refuses a collection that does not exist', async () => {
    const [q] = queries(1);
    expect(await search(q!, 10, { tags: ['nobody'] })).toEqual([]);
    expect(() => organize.condition({ collection: 'nowhere' })).toThrow('No collection named "nowhere".');
  });
});
