/**
 * Files a library holds that are not what their names say: a huge file that is
 * no image is refused from its first bytes (never read whole), and a file whose
 * name is not valid UTF-8 is reported for what it is, not as vanished.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexSummary } from '../../src/shared/types';
import { json, runCli } from '../helpers/cli';
import { solid } from '../helpers/images';
import { COLOR_MODEL } from '../helpers/paths';

/** Larger than Node reads into one buffer (2 GiB): read whole, it fails as "too large" instead. */
const HUGE = 3 * 1024 ** 3;

describe('files that are not what their names say', () => {
  let tmp: string;
  let lib: string;
  let data: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-odd-'));
    lib = path.join(tmp, 'lib');
    data = path.join(tmp, 'data');
    await solid(path.join(lib, 'ok.png'), [200, 20, 20]);
    // Sparse: costs no disk.
    fs.writeFileSync(path.join(lib, 'movie.png'), 'RIFF\0\0\0\0AVI LIST');
    fs.truncateSync(path.join(lib, 'movie.png'), HUGE);
    // "caf\xff.png": Latin-1 bytes, as an old archive or a Windows share may hold.
    const odd = Buffer.concat([Buffer.from(`${lib}/caf`), Buffer.from([0xff]), Buffer.from('.png')]);
    fs.copyFileSync(path.join(lib, 'ok.png'), odd);
    fs.mkdirSync(Buffer.concat([Buffer.from(`${lib}/d`), Buffer.from([0xfe]), Buffer.from('r')]));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('skips a huge non-image from its header, and names that are not UTF-8 for that reason', async () => {
    const r = await runCli(['index', lib, '--data', data, '--model', COLOR_MODEL, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = json<IndexSummary>(r);
    expect(summary.embedded).toBe(1);
    const reasons = Object.fromEntries(summary.skipped.map((s) => [path.relative(lib, s.path), s.reason]));
    expect(reasons).toEqual({
      // Read whole, a 3 GB file fails as "file too large"; this reason comes from its first bytes.
      'movie.png': 'not an image (its first bytes match no image format)',
      'caf\ufffd.png': 'file name is not valid UTF-8; rename it to index it',
      'd\ufffdr': 'folder name is not valid UTF-8; rename it to index what it holds',
    });
  });
});
