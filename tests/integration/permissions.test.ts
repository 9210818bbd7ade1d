/**
 * Files and folders the user may not read are reported and never stop a run.
 * Root reads everything through its DAC capabilities, so as root the command
 * runs with those two capabilities dropped (util-linux's setpriv): then a mode
 * of 000 denies root as it would any user. A file skipped because it could not
 * be read is tried again on the next run; a corrupt one is not decoded again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexSummary } from '../../src/shared/types';
import { json, runCli } from '../helpers/cli';
import { solid } from '../helpers/images';
import { COLOR_MODEL, IMAGES } from '../helpers/paths';

describe('unreadable files and folders', () => {
  let tmp: string;
  let lib: string;
  let data: string;
  let brokenAt = 0;
  /** When the catalog last recorded the file as skipped. */
  const skippedAt = (name: string) => {
    const db = new Database(path.join(data, 'catalog.db'), { readonly: true });
    try {
      return (db.prepare('SELECT at FROM skipped WHERE path = ?').get(path.join(lib, name)) as { at: number }).at;
    } finally {
      db.close();
    }
  };
  const asUser =
    process.getuid?.() === 0 ? { prefix: ['setpriv', '--bounding-set=-dac_override,-dac_read_search', '--'] } : {};

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-perm-'));
    lib = path.join(tmp, 'lib');
    data = path.join(tmp, 'data');
    await solid(path.join(lib, 'ok.png'), [200, 20, 20]);
    await solid(path.join(lib, 'secret.png'), [20, 200, 20]);
    await solid(path.join(lib, 'locked', 'inside.png'), [20, 20, 200]);
    fs.copyFileSync(path.join(IMAGES, 'truncated.jpg'), path.join(lib, 'broken.jpg'));
    fs.chmodSync(path.join(lib, 'secret.png'), 0o000);
    fs.chmodSync(path.join(lib, 'locked'), 0o000);
  });
  afterAll(() => {
    fs.chmodSync(path.join(lib, 'locked'), 0o755);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('skips them with "permission denied" and indexes the rest', async () => {
    const r = await runCli(['index', lib, '--data', data, '--model', COLOR_MODEL, '--json'], asUser);
    expect(r.code, r.stderr).toBe(0);
    const summary = json<IndexSummary>(r);
    expect(summary.embedded).toBe(1);
    brokenAt = skippedAt('broken.jpg');
    const reasons = Object.fromEntries(summary.skipped.map((s) => [path.relative(lib, s.path), s.reason]));
    expect(reasons).toEqual({
      'secret.png': 'unreadable: permission denied',
      'broken.jpg': 'corrupt or truncated image',
      locked: 'unreadable folder: permission denied',
    });
  });

  it('indexes a skipped file once it may be read (a chmod changes neither its size nor its mtime)', async () => {
    const secret = path.join(lib, 'secret.png');
    expect(brokenAt).toBeGreaterThan(0);
    const before = fs.statSync(secret);
    fs.chmodSync(secret, 0o644);
    const after = fs.statSync(secret);
    expect([after.size, after.mtimeMs]).toEqual([before.size, before.mtimeMs]);

    const r = await runCli(['index', lib, '--data', data, '--model', COLOR_MODEL, '--json'], asUser);
    expect(r.code, r.stderr).toBe(0);
    const summary = json<IndexSummary>(r);
    expect(summary.skipped.map((s) => path.relative(lib, s.path)).sort()).toEqual(['broken.jpg', 'locked']);
    expect(summary.embedded).toBe(1);
    // The corrupt file was not decoded again: its entry is the one the first run wrote.
    expect(skippedAt('broken.jpg')).toBe(brokenAt);
  });
});
