/** A folder typed as `~/…` is the user's home folder, as in a shell, not a folder named `~` where the server runs. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandHome } from '../../src/main/core/files/homeFolder';
import { IndexError, resolveFolders } from '../../src/main/core/indexer/indexer';

describe('expandHome', () => {
  it('reads ~ and ~/… as the home folder, and leaves every other path as typed', () => {
    expect(expandHome('~', '/home/ana')).toBe('/home/ana');
    expect(expandHome('~/Pictures/refs', '/home/ana')).toBe(path.join('/home/ana', 'Pictures/refs'));
    expect(expandHome('~ana/Pictures', '/home/ana')).toBe('~ana/Pictures');
    expect(expandHome('/data/~/x', '/home/ana')).toBe('/data/~/x');
    expect(expandHome('refs/~', '/home/ana')).toBe('refs/~');
  });
});

describe('resolveFolders', () => {
  it('looks for a ~/ folder in the home folder, and names that path when it is not there', async () => {
    const missing = `atelier-no-such-folder-${process.pid}`;
    const refused = resolveFolders([`~/${missing}`]);
    await expect(refused).rejects.toBeInstanceOf(IndexError);
    await expect(refused).rejects.toThrow(`Folder not found: ${path.join(os.homedir(), missing)}`);
  });

  it('takes ~ itself as the home folder', async () => {
    expect(await resolveFolders(['~'])).toEqual([fs.realpathSync(os.homedir())]);
  });
});
