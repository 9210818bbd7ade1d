/**
 * A pass over the library told what was written since it last finished: the
 * whole library the first time and when the change log no longer reaches back
 * that far, only the files added or changed since otherwise, and nothing at
 * all when no file changed. On a real catalog and its change log.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { ChangeLog } from '../../src/main/core/catalog/changeLog';
import { sinceDone } from '../../src/main/core/catalog/passMarks';

describe('passes that look only at what was written since they last finished', () => {
  let dir: string;
  let catalog: Catalog;
  let root: number;
  const put = (name: string, key = `k-${name}`) =>
    catalog.putFile({
      rootId: root,
      path: `/lib/${name}`,
      contentKey: key,
      size: 1,
      mtimeMs: 1,
      width: 1,
      height: 1,
      format: 'png',
    });
  const idOf = (name: string) => catalog.fileByPath(`/lib/${name}`)!.id;
  /** Runs the pass, returning what it was told (undefined: it did not run). */
  const run = async (key = 'pass', finished = true) => {
    let told: number[] | null | undefined;
    await sinceDone(catalog.db, key, (written) => {
      told = written === null ? null : [...written].sort((a, b) => a - b);
      return finished;
    });
    return told;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-since-'));
    catalog = Catalog.open(path.join(dir, 'catalog.db'));
    root = catalog.addRoot('/lib').id;
  });
  afterEach(() => {
    catalog.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('asks for the whole library first, then for the files written since, then for nothing', async () => {
    put('a.png');
    put('b.png');
    expect(await run()).toBeNull();
    expect(await run()).toBeUndefined();

    put('c.png');
    put('a.png', 'k-a2'); // changed
    catalog.moveFile('/lib/b.png', { path: '/lib/b2.png', rootId: root, size: 1, mtimeMs: 2 });
    const c = idOf('c.png');
    catalog.deleteFile('/lib/c.png');
    // c.png was written and deleted since: told of, though gone (a pass finds nothing to do for it).
    expect(await run()).toEqual([idOf('a.png'), idOf('b2.png'), c].sort((x, y) => x - y));
    expect(await run()).toBeUndefined();
  });

  it('asks again for the same files when it did not finish, and for everything once the log was pruned', async () => {
    put('a.png');
    await run();
    put('b.png');
    expect(await run('pass', false)).toEqual([idOf('b.png')]);
    expect(await run()).toEqual([idOf('b.png')]);

    put('c.png');
    // Every store has applied the log (none is registered here): pruning may delete all of it.
    expect(new ChangeLog(catalog).prune({ batch: 1, keep: 0 })).toBeGreaterThan(0);
    expect(await run()).toBeNull();
    put('d.png');
    expect(await run()).toEqual([idOf('d.png')]);
  });
});
