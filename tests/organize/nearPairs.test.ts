/**
 * Near-duplicate pairs kept in the catalog, on a real catalog file with hand-made
 * vectors: a look searches only the images never searched before (the returned
 * count and the stored marks say which), new images join the groups of old ones,
 * moving the threshold regroups the stored pairs without searching, removed images
 * leave their groups, and a library's first look over thousands of images (split into
 * cells rather than scanned whole) finds every planted pair.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { findDuplicates } from '../../src/main/core/organize/duplicates';
import { updateNearPairs } from '../../src/main/core/organize/nearPairs';
import type { DuplicateGroup } from '../../src/shared/organize';

const DIM = 16;
const MODEL = 'm';

/** Basis direction `axis`, turned by `angle` radians towards the next axis: cos(angle) to the plain axis. */
function direction(axis: number, angle: number): Float32Array {
  const v = new Float32Array(DIM);
  v[axis] = Math.cos(angle);
  v[(axis + 1) % DIM] = Math.sin(angle);
  return v;
}

describe('near-duplicate pairs kept in the catalog', () => {
  let dir: string;
  let catalog: Catalog;
  let rootId: number;
  const lib = () => path.join(dir, 'lib');
  const add = (name: string, vector: Float32Array) => {
    catalog.putFile({
      rootId,
      path: path.join(lib(), `${name}.png`),
      contentKey: `k-${name}`,
      size: 1,
      mtimeMs: 1,
      width: 8,
      height: 8,
      format: 'png',
    });
    catalog.putEmbedding(`k-${name}`, MODEL, vector);
  };
  const names = (groups: DuplicateGroup[]) =>
    groups
      .map((g) =>
        g.paths
          .map((p) => path.basename(p, '.png'))
          .sort()
          .join(' '),
      )
      .sort();
  const marks = () =>
    (catalog.db.prepare(`SELECT content_key FROM near_scans ORDER BY content_key`).pluck().all() as string[]).map((k) =>
      k.slice(2),
    );
  const pairCount = () => catalog.db.prepare(`SELECT count(*) FROM near_pairs`).pluck().get() as number;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-nearpairs-'));
    catalog = Catalog.open(path.join(dir, 'catalog.db'));
    rootId = catalog.addRoot(lib()).id;
    add('cat', direction(0, 0));
    add('cat-small', direction(0, 0.05)); // cosine 0.9988
    add('dog', direction(4, 0));
    add('tree', direction(8, 0));
  });
  afterEach(() => {
    catalog.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('searches new images only, and they join the groups of those searched before', async () => {
    expect(await updateNearPairs(catalog.db, MODEL)).toEqual({ searched: 4, paired: 1 });
    expect(names(await findDuplicates(catalog.db, MODEL))).toEqual(['cat cat-small']);
    expect(marks()).toEqual(['cat', 'cat-small', 'dog', 'tree']);

    add('cat-crop', direction(0, -0.04));
    add('dog-q35', direction(4, 0.03));
    expect(await updateNearPairs(catalog.db, MODEL)).toEqual({ searched: 2, paired: 3 });
    expect(names(await findDuplicates(catalog.db, MODEL))).toEqual(['cat cat-crop cat-small', 'dog dog-q35']);
    expect(marks()).toEqual(['cat', 'cat-crop', 'cat-small', 'dog', 'dog-q35', 'tree']);
    // Nothing new: nothing searched.
    expect(await updateNearPairs(catalog.db, MODEL)).toEqual({ searched: 0, paired: 0 });
  });

  it('searches once when two looks overlap (a slider moved during the first)', async () => {
    const both = await Promise.all([updateNearPairs(catalog.db, MODEL), updateNearPairs(catalog.db, MODEL)]);
    expect(both.map((u) => u.searched)).toEqual([4, 0]);
  });

  it('regroups the stored pairs when the threshold moves, searching nothing', async () => {
    add('cat-far', direction(0, 0.35)); // cosine 0.939 to cat, 0.951 to cat-small
    const strict = await findDuplicates(catalog.db, MODEL, 0.99);
    expect(names(strict)).toEqual(['cat cat-small']);
    expect(strict[0]!.similarity).toBeCloseTo(Math.cos(0.05), 4);
    const stored = pairCount();

    const loose = await findDuplicates(catalog.db, MODEL, 0.93);
    expect(names(loose)).toEqual(['cat cat-far cat-small']);
    expect(loose[0]!.similarity).toBeCloseTo(Math.cos(0.35), 4); // its weakest link
    expect(await updateNearPairs(catalog.db, MODEL)).toEqual({ searched: 0, paired: 0 });
    expect(pairCount()).toBe(stored);
  });

  it('computes a threshold below the floor afresh and stores none of its looser pairs', async () => {
    add('cat-other', direction(0, 0.6)); // cosine 0.825 to cat
    expect(names(await findDuplicates(catalog.db, MODEL, 0.8))).toEqual(['cat cat-other cat-small']);
    expect(names(await findDuplicates(catalog.db, MODEL, 0.9))).toEqual(['cat cat-small']);
    const lowest = catalog.db.prepare(`SELECT min(similarity) FROM near_pairs`).pluck().get() as number;
    expect(lowest).toBeGreaterThanOrEqual(0.9);
  });

  it('takes removed images out of their groups and forgets their pairs', async () => {
    add('cat-crop', direction(0, -0.04));
    expect(names(await findDuplicates(catalog.db, MODEL))).toEqual(['cat cat-crop cat-small']);
    expect(pairCount()).toBe(3);

    catalog.deleteFile(path.join(lib(), 'cat-small.png'));
    expect(names(await findDuplicates(catalog.db, MODEL))).toEqual(['cat cat-crop']);
    expect(pairCount()).toBe(1);
    expect(marks()).not.toContain('cat-small');

    catalog.deleteFile(path.join(lib(), 'cat-crop.png'));
    expect(await findDuplicates(catalog.db, MODEL)).toEqual([]);

    // Back again (the same bytes): searched afresh, and in its group again.
    add('cat-small', direction(0, 0.05));
    expect(await updateNearPairs(catalog.db, MODEL)).toEqual({ searched: 1, paired: 1 });
    expect(names(await findDuplicates(catalog.db, MODEL))).toEqual(['cat cat-small']);
  });

  it('finds every planted pair in a first look over thousands of images', { timeout: 120_000 }, async () => {
    // 6,000 directions in 64 dimensions, spread so that no two lie within 0.9 of each other,
    // and a near copy (cosine above 0.99) of every 25th: enough asked rows for the cells.
    const dim = 64;
    let seed = 1;
    // xorshift32: reproducible, and free of the short cycles of a float-precision LCG.
    const rand = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 2147483648 - 1;
    };
    const unit = (v: Float32Array) => {
      const norm = Math.hypot(...v);
      return v.map((x) => x / norm);
    };
    catalog.db.prepare(`DELETE FROM files`).run();
    catalog.deleteOrphanEmbeddings();
    let previous = new Float32Array(dim);
    const planted: string[] = [];
    catalog.db.transaction(() => {
      for (let i = 0; i < 6000; i++) {
        const near = i % 25 === 24;
        const v = unit(near ? previous.map((x) => x + rand() * 0.01) : Float32Array.from({ length: dim }, rand));
        if (near) planted.push([`r${i - 1}`, `r${i}`].sort().join(' '));
        catalog.putFile({
          rootId,
          path: path.join(lib(), `r${i}.png`),
          contentKey: `k-r${i}`,
          size: 1,
          mtimeMs: 1,
          width: 8,
          height: 8,
          format: 'png',
        });
        catalog.putEmbedding(`k-r${i}`, MODEL, v);
        previous = v;
      }
    })();
    const steps: number[] = [];
    const groups = await findDuplicates(catalog.db, MODEL, 0.99, { onProgress: (done) => steps.push(done) });
    expect(names(groups)).toEqual(planted.sort());
    expect(steps.length).toBeGreaterThan(1);
  });
});
