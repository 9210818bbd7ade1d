/**
 * The vector store contract: what every backend (embedded, Milvus 2.3,
 * milvus-lite, …) must do, as one suite each backend's test file runs with
 * its own factory. Each test works in a model of its own, so the tests share
 * one store without seeing each other's entries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VectorStore } from '../../src/main/core/vectors/vectorStore';
import { angle, dot, entry, freshModel, randomUnit } from './contractData';

/** Builds the store under test; a factory that throws fails every test with its message. */
export type StoreFactory = () => VectorStore | Promise<VectorStore>;

/** Runs the contract suite against the store `factory` builds. */
export function describeVectorStoreContract(name: string, factory: StoreFactory): void {
  describe(`vector store contract: ${name}`, () => {
    let made: Promise<VectorStore> | undefined;
    const store = () => (made ??= Promise.resolve().then(factory));

    beforeAll(async () => {
      await store();
    });
    afterAll(async () => {
      await (await made?.catch(() => undefined))?.close();
    });

    it('answers an empty search and a zero count for a model it has never seen', async () => {
      const s = await store();
      const model = freshModel();
      expect(await s.search(model, angle(0), 5)).toEqual([]);
      expect(await s.count(model)).toBe(0);
    });

    it('returns the nearest entries best first, with cosine scores and what was stored beside them', async () => {
      const s = await store();
      const model = freshModel();
      await s.upsert(model, [
        entry('/lib/a/far.png', angle(80)),
        entry('/lib/a/near.jpg', angle(10), { width: 640, height: 480 }),
        entry('/lib/a/mid.png', angle(45)),
      ]);
      const hits = await s.search(model, angle(0), 2);
      expect(hits.map((h) => h.path)).toEqual(['/lib/a/near.jpg', '/lib/a/mid.png']);
      expect(hits[0]).toMatchObject({ width: 640, height: 480, format: 'jpeg' });
      expect(hits[0]!.score).toBeCloseTo(Math.cos((10 * Math.PI) / 180), 4);
      expect(hits[1]!.score).toBeCloseTo(Math.cos((45 * Math.PI) / 180), 4);
      const all = await s.search(model, angle(0), 10);
      expect(all.map((h) => h.path)).toEqual(['/lib/a/near.jpg', '/lib/a/mid.png', '/lib/a/far.png']);
    });

    it('scores every hit by its own vector and finds the exact best among a few hundred', async () => {
      const s = await store();
      const model = freshModel(16);
      const entries = Array.from({ length: 300 }, (_, i) => entry(`/lib/r/${i}.png`, randomUnit(i + 1, 16)));
      await s.upsert(model, entries);
      const query = randomUnit(9999, 16);
      const hits = await s.search(model, query, 10);
      expect(hits).toHaveLength(10);
      const byPath = new Map(entries.map((e) => [e.path, e.vector]));
      for (const h of hits) expect(h.score).toBeCloseTo(dot(query, byPath.get(h.path)!), 4);
      for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
      const exact = entries
        .map((e) => ({ path: e.path, score: dot(query, e.vector) }))
        .sort((a, b) => b.score - a.score);
      expect(hits[0]!.path).toBe(exact[0]!.path);
    });

    it('replaces an entry by its path, also when one batch names a path twice', async () => {
      const s = await store();
      const model = freshModel();
      await s.upsert(model, [entry('/lib/x.png', angle(0)), entry('/lib/y.png', angle(90))]);
      await s.upsert(model, [entry('/lib/x.png', angle(90), { width: 7, format: 'webp' })]);
      await s.upsert(model, [entry('/lib/z.png', angle(30)), entry('/lib/z.png', angle(180))]);
      expect(await s.count(model)).toBe(3);
      const hits = await s.search(model, angle(90), 10);
      expect(hits.filter((h) => h.path === '/lib/x.png')).toHaveLength(1);
      expect(hits.find((h) => h.path === '/lib/x.png')).toMatchObject({ width: 7, format: 'webp' });
      expect(hits.find((h) => h.path === '/lib/x.png')!.score).toBeCloseTo(1, 4);
      expect(hits.find((h) => h.path === '/lib/z.png')!.score).toBeCloseTo(0, 4); // the last one won
    });

    it('deletes by path and ignores paths it does not hold', async () => {
      const s = await store();
      const model = freshModel();
      await s.upsert(model, [
        entry('/lib/1.png', angle(0)),
        entry('/lib/2.png', angle(5)),
        entry('/lib/3.png', angle(9)),
      ]);
      await s.delete(model, ['/lib/2.png', '/lib/never-there.png']);
      expect(await s.count(model)).toBe(2);
      expect((await s.search(model, angle(5), 10)).map((h) => h.path)).toEqual(['/lib/3.png', '/lib/1.png']);
      await s.delete(freshModel(), ['/lib/1.png']); // a model with no entries at all
    });

    it('filters by folder: a whole subtree, exact names even with _ and %, several folders at once', async () => {
      const s = await store();
      const model = freshModel();
      await s.upsert(model, [
        entry('/lib/my_refs/a.png', angle(0)),
        entry('/lib/my_refs/deep/b.png', angle(1)),
        entry('/lib/myXrefs/c.png', angle(2)),
        entry('/lib/my_refs2/d.png', angle(3)),
        entry('/lib/100%/e.png', angle(4)),
        entry('/lib/1000/f.png', angle(5)),
      ]);
      const under = async (...folders: string[]) =>
        (await s.search(model, angle(0), 10, { folders })).map((h) => h.path).sort();
      expect(await under('/lib/my_refs/')).toEqual(['/lib/my_refs/a.png', '/lib/my_refs/deep/b.png']);
      expect(await under('/lib/100%/')).toEqual(['/lib/100%/e.png']);
      expect(await under('/lib/myXrefs/', '/lib/1000/')).toEqual(['/lib/1000/f.png', '/lib/myXrefs/c.png']);
      expect(await under('/elsewhere/')).toEqual([]);
    });

    it('keeps odd characters in paths: quotes, backslashes, Windows folders, non-ASCII, control characters', async () => {
      const s = await store();
      const model = freshModel();
      const odd = [
        '/lib/say "hi"/a.png',
        "/lib/it's/b.png",
        'C:\\Users\\ann\\refs\\c.png',
        '/lib/ünïcødé 画像/d.png',
        '/lib/tab\there/e.png',
        '/lib/line\nbreak\r/f.png',
        '/lib/bell\u0007/g.png',
      ];
      await s.upsert(
        model,
        odd.map((p, i) => entry(p, angle(i * 10))),
      );
      expect((await s.search(model, angle(0), 10)).map((h) => h.path)).toEqual(odd);
      for (const p of odd) {
        const folder = p.slice(0, Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);
        expect((await s.search(model, angle(0), 10, { folders: [folder] })).map((h) => h.path)).toEqual([p]);
      }
    });

    it('filters by format, and by folder and format together', async () => {
      const s = await store();
      const model = freshModel();
      await s.upsert(model, [
        entry('/lib/a/1.jpg', angle(0)),
        entry('/lib/a/2.png', angle(1)),
        entry('/lib/b/3.jpg', angle(2)),
        entry('/lib/b/4.webp', angle(3), { format: 'webp' }),
      ]);
      const paths = async (filter: { folders?: string[]; formats?: string[] }) =>
        (await s.search(model, angle(0), 10, filter)).map((h) => h.path);
      expect(await paths({ formats: ['jpeg'] })).toEqual(['/lib/a/1.jpg', '/lib/b/3.jpg']);
      expect(await paths({ formats: ['png', 'webp'] })).toEqual(['/lib/a/2.png', '/lib/b/4.webp']);
      expect(await paths({ folders: ['/lib/b/'], formats: ['jpeg'] })).toEqual(['/lib/b/3.jpg']);
      expect(await paths({ formats: ['gif'] })).toEqual([]);
      expect(await paths({ folders: [], formats: [] })).toHaveLength(4);
    });

    it('resets one model to empty and takes new entries after', async () => {
      const s = await store();
      const model = freshModel();
      await s.upsert(model, [entry('/lib/1.png', angle(0)), entry('/lib/2.png', angle(10))]);
      await s.reset(model);
      expect(await s.count(model)).toBe(0);
      expect(await s.search(model, angle(0), 5)).toEqual([]);
      await s.upsert(model, [entry('/lib/3.png', angle(0))]);
      expect((await s.search(model, angle(0), 5)).map((h) => h.path)).toEqual(['/lib/3.png']);
    });

    it('keeps a model with another dimension in a space of its own', async () => {
      const s = await store();
      const small = freshModel(4);
      const large = freshModel(6);
      await s.upsert(small, [entry('/lib/s1.png', angle(0, 4)), entry('/lib/s2.png', angle(90, 4))]);
      await s.upsert(large, [entry('/lib/l1.png', angle(0, 6))]);
      expect(await s.count(small)).toBe(2);
      expect(await s.count(large)).toBe(1);
      expect((await s.search(large, angle(0, 6), 5)).map((h) => h.path)).toEqual(['/lib/l1.png']);
      await s.reset(small);
      expect(await s.count(large)).toBe(1);
    });

    it('reports its health and stats', async () => {
      const s = await store();
      const model = freshModel();
      await s.upsert(model, [entry('/lib/1.png', angle(0)), entry('/lib/2.png', angle(1))]);
      expect(await s.health()).toMatchObject({ ok: true });
      const stats = await s.stats(model);
      expect(stats.count).toBe(2);
      expect(stats.backend).toMatch(/\w/);
      expect(s.name).toMatch(/\w/);
    });

    it('lists every path with its content key, when it can list', async ({ skip }) => {
      const s = await store();
      if (!s.keys) return skip('this store cannot list its entries (verify compares counts)');
      const model = freshModel();
      await s.upsert(model, [entry('/lib/1.png', angle(0)), entry('/lib/2.png', angle(1), { contentKey: 'other' })]);
      const listed = [];
      for await (const page of s.keys(model)) listed.push(...page);
      expect(listed.sort((a, b) => a.path.localeCompare(b.path))).toEqual([
        { path: '/lib/1.png', contentKey: 'k-/lib/1.png' },
        { path: '/lib/2.png', contentKey: 'other' },
      ]);
    });
  });
}
