/**
 * Watching a tree on Linux, one inotify watch per folder (real fs.watch on a real folder): a file
 * written in a folder made after the watch started is seen, and a tree with more folders than the
 * watches allowed is polled instead, with a message that says why and what to do.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TreeWatch, watchTree } from '../../src/main/core/indexer/treeWatch';

describe.runIf(process.platform === 'linux')('watching a tree one folder at a time', () => {
  let tmp: string;
  let watch: TreeWatch | undefined;

  beforeEach(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-treewatch-')));
    for (const dir of ['a/b/c', 'd', '.hidden/e']) fs.mkdirSync(path.join(tmp, dir), { recursive: true });
  });

  afterEach(() => {
    watch?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('sees files written deep in the tree and in folders made after it started', async () => {
    const seen = new Set<string>();
    watch = watchTree(tmp, {
      onChange: (rel) => rel && seen.add(rel),
      onError: (err) => seen.add(`error ${err.message}`),
    });
    expect(watch.mode()).toBe('directories');
    // The subfolders are watched in the background: write until the deep one is seen.
    await expect
      .poll(() => {
        fs.writeFileSync(path.join(tmp, 'a/b/c/one.png'), 'x');
        return seen.has('a/b/c/one.png');
      })
      .toBe(true);
    fs.mkdirSync(path.join(tmp, 'd/new'));
    await expect
      .poll(() => {
        fs.writeFileSync(path.join(tmp, 'd/new/two.png'), 'x');
        return seen.has('d/new/two.png');
      })
      .toBe(true);
    expect([...seen].filter((s) => s.startsWith('error'))).toEqual([]);
  });

  it('polls a tree with more folders than it may watch, and says why and what to do', async () => {
    const messages: string[] = [];
    let polls = 0;
    watch = watchTree(tmp, {
      onChange: (rel) => rel === null && polls++,
      onError: () => undefined,
      onPolling: (message) => messages.push(message),
      maxWatches: 2,
      pollMs: 50,
    });
    await expect.poll(() => watch!.mode()).toBe('polling');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(`${tmp} has more folders than can be watched (more than 2 folders)`);
    expect(messages[0]).toContain('it is checked for changes every 0 s instead');
    expect(messages[0]).toContain('fs.inotify.max_user_watches');
    await expect.poll(() => polls).toBeGreaterThanOrEqual(2);
  });

  it('refuses a folder that does not exist, at once', () => {
    expect(() => watchTree(path.join(tmp, 'missing'), { onChange: () => undefined, onError: () => undefined })).toThrow(
      /ENOENT/,
    );
  });
});
