/**
 * Near-duplicates through the `atelier duplicates` command on a real indexed folder
 * (the `color` stand-in model): photos scaled, recompressed and slightly cropped
 * group with their original, distinct photos stay apart, exact copies form their own
 * kind, and a bad threshold is refused. The grouping itself is checked on a catalog
 * with hand-made vectors: links chain transitively, and a group reports its weakest.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { findDuplicates } from '../../src/main/core/organize/duplicates';
import type { DuplicateGroup } from '../../src/shared/organize';
import type { IndexSummary } from '../../src/shared/types';
import { type CliResult, json, runCli } from '../helpers/cli';
import { COLOR_MODEL, IMAGES } from '../helpers/paths';

const FAMILIES = ['astronaut', 'chelsea', 'coffee', 'rocket'];
const DISTINCT = ['hubble_deep_field.jpg', 'retina.jpg', 'horse.png', 'camera.png', 'brick.png', 'grass.png'];

/** The original as JPEG, and a half-size PNG, a quality-35 JPEG and a 3%-cropped WebP of it. */
async function family(lib: string, file: string): Promise<void> {
  const name = path.parse(file).name;
  const src = sharp(path.join(IMAGES, file)).removeAlpha();
  const { width, height } = await src.metadata();
  await src
    .clone()
    .jpeg({ quality: 92 })
    .toFile(path.join(lib, `${name}.jpg`));
  await src
    .clone()
    .resize(Math.round(width / 2))
    .png()
    .toFile(path.join(lib, `${name}-half.png`));
  await src
    .clone()
    .jpeg({ quality: 35 })
    .toFile(path.join(lib, `${name}-q35.jpg`));
  const dx = Math.round(width * 0.03);
  const dy = Math.round(height * 0.03);
  await src
    .clone()
    .extract({ left: dx, top: dy, width: width - 2 * dx, height: height - 2 * dy })
    .webp()
    .toFile(path.join(lib, `${name}-crop.webp`));
}

describe('near-duplicates from the command line', () => {
  let tmp: string;
  let lib: string;
  let data: string;
  const cli = (...args: string[]) => runCli([...args, '--data', data, '--model', COLOR_MODEL]);
  const ok = (r: CliResult) => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return r;
  };
  const names = (g: DuplicateGroup) => g.paths.map((p) => path.relative(lib, p)).sort();

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-duplicates-'));
    lib = path.join(fs.realpathSync(tmp), 'library');
    data = path.join(tmp, 'data');
    fs.mkdirSync(path.join(lib, 'kept'), { recursive: true });
    for (const name of FAMILIES) await family(lib, name === 'rocket' ? 'rocket.jpg' : `${name}.png`);
    for (const file of DISTINCT) {
      await sharp(path.join(IMAGES, file))
        .removeAlpha()
        .png()
        .toFile(path.join(lib, `other-${path.parse(file).name}.png`));
    }
    fs.copyFileSync(path.join(lib, 'coffee.jpg'), path.join(lib, 'kept', 'coffee.jpg'));
    const s = json<IndexSummary>(ok(await cli('index', lib, '--json')));
    expect(s.scanned).toBe(FAMILIES.length * 4 + DISTINCT.length + 1);
    // The copy's content already has its vector.
    expect(s.embedded).toBe(FAMILIES.length * 4 + DISTINCT.length);
  });

  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('groups each photo with its scaled, recompressed and cropped versions, and exact copies as copies', async () => {
    const { groups } = json<{ groups: DuplicateGroup[] }>(ok(await cli('duplicates', '--json')));
    const copies = groups.filter((g) => g.kind === 'copy');
    expect(copies.map(names)).toEqual([['coffee.jpg', 'kept/coffee.jpg']]);
    expect(copies[0]!.similarity).toBe(1);
    const similar = groups.filter((g) => g.kind === 'similar');
    const expected = FAMILIES.map((name) =>
      [
        `${name}.jpg`,
        `${name}-half.png`,
        `${name}-q35.jpg`,
        `${name}-crop.webp`,
        ...(name === 'coffee' ? ['kept/coffee.jpg'] : []),
      ].sort(),
    );
    expect(similar.map(names).sort((a, b) => a[0]!.localeCompare(b[0]!))).toEqual(expected);
    for (const g of similar) {
      expect(g.similarity).toBeGreaterThanOrEqual(0.985);
      expect(g.similarity).toBeLessThanOrEqual(1);
    }
  });

  it('widens the groups when the threshold is lowered', async () => {
    // The cat and the lawn are both green-grey: alike at 0.96, apart at the default.
    const { groups } = json<{ groups: DuplicateGroup[] }>(ok(await cli('duplicates', '--threshold', '0.96', '--json')));
    const cat = groups.find((g) => g.kind === 'similar' && names(g).includes('chelsea.jpg'))!;
    expect(names(cat)).toContain('other-grass.png');
    expect(cat.similarity).toBeLessThan(0.985);
    const strict = json<{ groups: DuplicateGroup[] }>(ok(await cli('duplicates', '--threshold', '1', '--json')));
    expect(strict.groups.filter((g) => g.kind === 'similar')).toEqual([]);
  });

  it('prints the groups for a person', async () => {
    const r = ok(await cli('duplicates'));
    expect(r.stdout).toContain('Copies:\n');
    expect(r.stdout).toMatch(/Similar \(0\.9\d\d\):\n/);
    expect(r.stdout).toContain(`  ${path.join(lib, 'kept', 'coffee.jpg')}\n`);
  });

  it.each([['2'], ['0'], ['-0.5'], ['abc'], ['']])('refuses the threshold "%s" with a usage message', async (bad) => {
    const r = await cli('duplicates', `--threshold=${bad}`, '--json');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`The similarity threshold must be a number above 0 and at most 1, not "${bad}".`);
  });
});

describe('grouping near-duplicates in a catalog', () => {
  let dir: string;
  let catalog: Catalog;
  const unit = (angle: number) => Float32Array.from([Math.cos(angle), Math.sin(angle), 0, 0]);

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-dupgroups-'));
    catalog = Catalog.open(path.join(dir, 'catalog.db'));
    const root = catalog.addRoot(path.join(dir, 'lib'));
    // a–b and b–c are 0.1 rad apart (cosine 0.995), a–c 0.2 (0.980); d is far from all.
    for (const [i, [name, angle]] of (
      [
        ['a', 0],
        ['b', 0.1],
        ['c', 0.2],
        ['d', 1.5],
      ] as const
    ).entries()) {
      const contentKey = `${10 + i}-${name}`;
      catalog.putFile({
        rootId: root.id,
        path: path.join(dir, 'lib', `${name}.png`),
        contentKey,
        size: 10 + i,
        mtimeMs: 1,
        width: 8,
        height: 8,
        format: 'png',
      });
      catalog.putEmbedding(contentKey, 'm', unit(angle));
    }
    catalog.putEmbedding('99-gone', 'm', unit(0.05));
    catalog.putEmbedding('10-a', 'other-model', unit(1.5));
  });
  afterAll(() => {
    catalog.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const byName = (groups: DuplicateGroup[]) =>
    groups.map((g) => ({ ...g, paths: g.paths.map((p) => path.basename(p, '.png')) }));

  it('chains links transitively and reports the weakest link', async () => {
    expect(byName(await findDuplicates(catalog.db, 'm', 0.99))).toEqual([
      { kind: 'similar', similarity: Math.round(Math.cos(0.1) * 10000) / 10000, paths: ['a', 'b', 'c'] },
    ]);
  });

  it('keeps apart what no link joins, and reads only the asked model', async () => {
    expect(byName(await findDuplicates(catalog.db, 'm', 0.999))).toEqual([]);
    expect(await findDuplicates(catalog.db, 'other-model', 0.5)).toEqual([]);
  });
});
