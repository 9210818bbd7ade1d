/**
 * Moving the others of a duplicate group to the trash, on a real catalog and
 * real files: every path is checked before anything moves, a moved file leaves
 * the library, and an OS refusal is named with what moved before it. The trash
 * here is a folder the files are renamed into, as the OS trash does.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { moveToTrash, reviewGroups } from '../../src/main/core/organize/duplicateReview';

describe('the duplicate review on a catalog', () => {
  let dir: string;
  let catalog: Catalog;
  const file = (name: string) => path.join(dir, 'lib', name);
  const bin = () => path.join(dir, 'Trash');
  const folderTrash = async (f: string) => {
    await fs.promises.mkdir(bin(), { recursive: true });
    await fs.promises.rename(f, path.join(bin(), path.basename(f)));
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-review-'));
    catalog = Catalog.open(path.join(dir, 'catalog.db'));
    const root = catalog.addRoot(path.join(dir, 'lib'));
    fs.mkdirSync(path.join(dir, 'lib'));
    for (const [name, key, width] of [
      ['a.png', 'same', 64],
      ['b.png', 'same', 64],
      ['c.png', 'other', 32],
    ] as const) {
      fs.writeFileSync(file(name), name);
      catalog.putFile({
        rootId: root.id,
        path: file(name),
        contentKey: key,
        size: 10,
        mtimeMs: 5,
        width,
        height: 8,
        format: 'png',
      });
    }
  });
  afterEach(() => {
    catalog.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows a group of copies with each image’s facts', async () => {
    expect(await reviewGroups(catalog, '', 0.985)).toEqual([
      {
        kind: 'copy',
        similarity: 1,
        images: [
          {
            path: file('a.png'),
            width: 64,
            height: 8,
            format: 'png',
            bytes: 10,
            modifiedMs: 5,
            folder: path.join(dir, 'lib'),
          },
          {
            path: file('b.png'),
            width: 64,
            height: 8,
            format: 'png',
            bytes: 10,
            modifiedMs: 5,
            folder: path.join(dir, 'lib'),
          },
        ],
      },
    ]);
  });

  it('moves the files to the trash and out of the library', async () => {
    expect(await moveToTrash(catalog, folderTrash, [file('b.png')])).toEqual([file('b.png')]);
    expect(fs.readdirSync(bin())).toEqual(['b.png']);
    expect(catalog.fileByPath(file('b.png'))).toBeUndefined();
    expect(await reviewGroups(catalog, '', 0.985)).toEqual([]);
  });

  it('moves nothing when one path is outside the library or gone from disk', async () => {
    const outside = path.join(dir, 'elsewhere.png');
    fs.writeFileSync(outside, 'x');
    await expect(moveToTrash(catalog, folderTrash, [file('b.png'), outside])).rejects.toThrow(
      `Not in the library: ${outside}`,
    );
    fs.rmSync(file('c.png'));
    await expect(moveToTrash(catalog, folderTrash, [file('b.png'), file('c.png')])).rejects.toThrow(
      `${file('c.png')} is no longer on disk.`,
    );
    expect(fs.existsSync(bin())).toBe(false);
    expect(catalog.fileByPath(file('b.png'))).toBeDefined();
  });

  it('names the file the OS refused and how many moved before it', async () => {
    const refusing = async (f: string) => {
      if (f.endsWith('b.png')) throw new Error('permission denied');
      await folderTrash(f);
    };
    await expect(moveToTrash(catalog, refusing, [file('a.png'), file('b.png')])).rejects.toThrow(
      `Could not move ${file('b.png')} to the trash (1 moved before it): permission denied`,
    );
    expect(catalog.fileByPath(file('a.png'))).toBeUndefined();
    expect(catalog.fileByPath(file('b.png'))).toBeDefined();
  });
});
