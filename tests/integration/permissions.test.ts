/**
 * Files and folders the user may not read are reported and never stop a run.
 * Root reads everything through its DAC capabilities, so as root the command
 * runs with those two capabilities dropped (util-linux's setpriv): then a mode
 * of 000 denies root as it would any user.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexSummary } from '../../src/shared/types';
import { json, runCli } from '../helpers/cli';
import { solid } from '../helpers/images';
import { COLOR_MODEL } from '../helpers/paths';

describe('unreadable files and folders', () => {
  let tmp: string;
  let lib: string;
  let data: string;
  const asUser =
    process.getuid?.() === 0 ? { prefix: ['setpriv', '--bounding-set=-dac_override,-dac_read_search', '--'] } : {};

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-perm-'));
    lib = path.join(tmp, 'lib');
    data = path.join(tmp, 'data');
    await solid(path.join(lib, 'ok.png'), [200, 20, 20]);
    await solid(path.join(lib, 'secret.png'), [20, 200, 20]);
    await solid(path.join(lib, 'locked', 'inside.png'), [20, 20, 200]);
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
    const reasons = Object.fromEntries(summary.skipped.map((s) => [path.relative(lib, s.path), s.reason]));
    expect(reasons).toEqual({
      'secret.png': 'unreadable: permission denied',
      locked: 'unreadable folder: permission denied',
    });
  });
});
