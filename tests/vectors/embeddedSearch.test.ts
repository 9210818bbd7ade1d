/**
 * The embedded store answers like brute force: exactly below its threshold,
 * with recall@10 >= 0.98 through the HNSW index above it (the threshold is
 * lowered here so a few thousand vectors use the index), filters never make an
 * answer wrong, and every write shows in the next search.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedStore } from '../../src/main/core/vectors/embedded/embeddedStore';
import type { VectorFilter, VectorHit } from '../../src/main/core/vectors/vectorStore';
import { bruteForce, DIM, entries, entry, fill, queries, recall } from './embeddedFixtures';

const model = { id: 'clip-test', dim: DIM };
const N = 3000;
const library = entries(0, N);
const qs = queries(60);

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

const filters: VectorFilter[] = [
  { folders: ['/lib/mid/'] },
  { formats: ['webp'] },
  { folders: ['/lib/mid/'], formats: ['webp'] },
  { folders: ['/lib/rare/', '/lib/mid/'] },
  { folders: ['/lib/nowhere/'] },
];

describe('embedded store search', () => {
  let exact: EmbeddedStore;
  let approx: EmbeddedStore;

  beforeAll(async () => {
    exact = new EmbeddedStore();
    approx = new EmbeddedStore({ exactThreshold: 200 });
    await fill(exact, model, library);
    await fill(approx, model, library);
    await approx.indexed(model);
  });

  it('searches exactly below the threshold and through the index above it, agreeing with brute force', async () => {
    expect(await exact.stats(model)).toMatchObject({ index: 'exact', indexed: 0, count: N });
    expect(await approx.stats(model)).toMatchObject({ index: 'hnsw', indexed: N, indexLag: 0, indexBuilds: 1 });
    let total = 0;
    for (const q of qs) {
      const truth = bruteForce(library, q, 10);
      expect((await exact.search(model, q, 10)).map((h) => h.path)).toEqual(truth);
      const hits = await approx.search(model, q, 10);
      expect(hits).toHaveLength(10);
      total += recall(hits, truth);
      // The re-rank scores with the f32 vectors, not the index's quantised ones.
      for (const h of hits) expect(h.score).toBeCloseTo(dot(library.find((e) => e.path === h.path)!.vector, q), 5);
      expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
    }
    expect(total / qs.length).toBeGreaterThanOrEqual(0.98);
  });

  it('applies filters in both modes, falling back to exact search when few candidates pass', async () => {
    const passes = (h: VectorHit, f: VectorFilter) =>
      (!f.formats || f.formats.includes(h.format)) && (!f.folders || f.folders.some((d) => h.path.startsWith(d)));
    for (const filter of filters) {
      let total = 0;
      for (const q of qs.slice(0, 20)) {
        const truth = bruteForce(library, q, 10, filter);
        expect((await exact.search(model, q, 10, filter)).map((h) => h.path)).toEqual(truth);
        const hits = await approx.search(model, q, 10, filter);
        expect(hits.every((h) => passes(h, filter))).toBe(true);
        expect(hits).toHaveLength(truth.length);
        total += recall(hits, truth);
      }
      expect(total / 20, JSON.stringify(filter)).toBeGreaterThanOrEqual(0.95);
    }
    // Six entries in /lib/rare/: fewer than k pass any candidate list, so the subset is searched exactly.
    for (const q of qs.slice(0, 5)) {
      const rare = { folders: ['/lib/rare/'] };
      const truth = bruteForce(library, q, 10, rare);
      expect(truth).toHaveLength(6);
      expect((await approx.search(model, q, 10, rare)).map((h) => h.path)).toEqual(truth);
    }
  });
});

describe('embedded store writes', () => {
  const stores: EmbeddedStore[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });

  it.each([
    ['exact', 100_000],
    ['hnsw', 200],
  ])(
    'reflects deletes, renames, changed vectors and new sizes at once and after indexing (%s)',
    async (_, threshold) => {
      const store = new EmbeddedStore({ exactThreshold: threshold });
      stores.push(store);
      await fill(store, model, library);
      await store.indexed(model);
      const top = async (v: Float32Array) => (await store.search(model, v, 1))[0]!;
      const applied = (await store.stats(model)).indexApplied as number;
      await store.search(model, qs[0]!, 10); // searched before it changes: every cache is filled

      const gone = library.slice(100, 150);
      await store.delete(
        model,
        gone.map((e) => e.path),
      );
      const renamed = entry(200, library[200]!.vector, 'renamed');
      await store.delete(model, [library[200]!.path]);
      await store.upsert(model, [renamed]);
      const other = library[2999]!.vector;
      await store.upsert(model, [{ ...library[300]!, vector: other }]);
      await store.upsert(model, [{ ...library[400]!, width: 4321 }]);
      const replaced = new Set([...gone, library[200]!, library[300]!].map((e) => e.path));
      const now = [...library.filter((e) => !replaced.has(e.path)), renamed, { ...library[300]!, vector: other }];

      for (const phase of ['written', 'indexed']) {
        if (phase === 'indexed') await store.indexed(model);
        expect(await store.count(model)).toBe(N - gone.length);
        for (const e of gone) expect((await top(e.vector)).path).not.toBe(e.path);
        expect(await top(renamed.vector)).toMatchObject({ path: renamed.path });
        expect((await top(renamed.vector)).score).toBeCloseTo(1, 5);
        const twins = (await store.search(model, other, 2)).map((h) => h.path).sort();
        expect(twins).toEqual([library[300]!.path, library[2999]!.path].sort());
        expect((await store.search(model, library[300]!.vector, 5)).map((h) => h.path)).not.toContain(
          library[300]!.path,
        );
        expect(await top(library[400]!.vector)).toMatchObject({ path: library[400]!.path, width: 4321 });
        // Everything else is still found by its own vector, the rows the deletes moved included.
        for (const e of now.slice(-62, -2)) expect((await top(e.vector)).path).toBe(e.path);
        let total = 0;
        for (const q of qs.slice(0, 10)) {
          const truth = bruteForce(now, q, 10);
          const hits = await store.search(model, q, 10);
          if (threshold > N) expect(hits.map((h) => h.path)).toEqual(truth);
          total += recall(hits, truth);
        }
        expect(total / 10).toBeGreaterThanOrEqual(0.95);
      }
      if (threshold === 200) {
        // 50 + 1 removals, 1 rename added, 1 changed vector re-added: the new size alone touched nothing.
        const after = (await store.stats(model)).indexApplied as number;
        expect(after - applied).toBe(50 + 1 + 1 + 2);
      }
    },
  );

  it('finds everything while the index is still being built: the part not yet indexed exactly', async () => {
    // The build is held after its eighth slice until the searches below are done, so they run
    // against a half-built index however fast this machine builds.
    const reached = deferred();
    const release = deferred();
    let slices = 0;
    const store = new EmbeddedStore({
      exactThreshold: 200,
      betweenSlices: () => {
        if (++slices < 8) return;
        reached.resolve();
        return release.promise;
      },
    });
    stores.push(store);
    try {
      await fill(store, model, library);
      await reached.promise;
      const held = await store.stats(model);
      expect(held).toMatchObject({ index: 'hnsw', indexBuilds: 1 });
      expect(held.indexed as number).toBeGreaterThan(0);
      expect(held.indexLag as number).toBeGreaterThan(N / 2);
      // The index inserts in write order, so the last entry written is outside it and must be found
      // exactly; the rest comes through the part already built, re-ranked exactly.
      const last = library[N - 1]!;
      let total = 0;
      for (const q of qs.slice(0, 10)) {
        const hits = await store.search(model, q, 10);
        const own = await store.search(model, last.vector, 1);
        expect(own[0]).toMatchObject({ path: last.path });
        expect(own[0]!.score).toBeCloseTo(1, 5);
        expect(hits).toHaveLength(10);
        total += recall(hits, bruteForce(library, q, 10));
      }
      expect(total / 10).toBeGreaterThanOrEqual(0.9);
      // Still held: every search above ran before the index was complete.
      expect(await store.stats(model)).toMatchObject({ indexed: held.indexed, indexLag: held.indexLag });
    } finally {
      release.resolve();
    }
    await store.indexed(model);
    expect(await store.stats(model)).toMatchObject({ indexed: N, indexLag: 0 });
    expect((await store.search(model, library[N - 1]!.vector, 1))[0]).toMatchObject({ path: library[N - 1]!.path });
  });
});

/** A promise with its resolve at hand (Promise.withResolvers needs Node 22). */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
