/**
 * The scan reads folders' names as text and reads a folder again as bytes only
 * where a name did not decode: a name that holds U+FFFD as a real character is
 * listed like any other, beside one whose bytes are not UTF-8, which is reported.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanFolder } from '../../src/main/core/indexer/scan';

describe('names the scan reads', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-scan-names-')));
    const mixed = path.join(tmp, 'mixed');
    fs.mkdirSync(mixed);
    fs.writeFileSync(path.join(mixed, 'plain.png'), 'x');
    fs.writeFileSync(path.join(mixed, 'real \ufffd.png'), 'xy');
    // "caf" then 0xE9 alone: Latin-1 bytes, not UTF-8.
    fs.writeFileSync(Buffer.concat([Buffer.from(`${mixed}/caf`), Buffer.from([0xe9]), Buffer.from('.png')]), 'xyz');
    fs.mkdirSync(path.join(tmp, 'clean', 'deeper'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'clean', 'deeper', 'a.png'), 'abcd');
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('lists a name holding U+FFFD and reports one that is not UTF-8, with sizes and paths as joined', async () => {
    const { files, problems, unread } = await scanFolder(`${tmp}${path.sep}`);
    expect(files.map((f) => [path.relative(tmp, f.path), f.size])).toEqual([
      [path.join('clean', 'deeper', 'a.png'), 4],
      [path.join('mixed', 'plain.png'), 1],
      [path.join('mixed', 'real \ufffd.png'), 2],
    ]);
    expect(files.every((f) => f.path.startsWith(`${tmp}${path.sep}`) && !f.path.includes('//'))).toBe(true);
    expect(problems).toEqual([
      { path: path.join(tmp, 'mixed', 'caf\ufffd.png'), reason: 'file name is not valid UTF-8; rename it to index it' },
    ]);
    expect(unread).toEqual([]);
  });
});
