/**
 * kill -9 in the middle of indexing: every committed batch survives, the
 * catalog is intact, and the next run does only the rest.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexSummary } from '../../src/shared/types';
import { BIN, json, runCli } from '../helpers/cli';
import { solid } from '../helpers/images';
import { COLOR_MODEL, ROOT } from '../helpers/paths';

const COUNT = 240;

function embeddedCount(dbFile: string): number {
  if (!fs.existsSync(dbFile)) return 0;
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM embeddings').get() as { n: number }).n;
  } catch {
    return 0; // schema not created yet
  } finally {
    db.close();
  }
}

describe('a crash mid-index', () => {
  let tmp: string;
  let lib: string;
  let data: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-crash-'));
    lib = path.join(tmp, 'lib');
    data = path.join(tmp, 'data');
    for (let i = 0; i < COUNT; i++) {
      const c = (i * 97) % 256;
      await solid(path.join(lib, `img-${String(i).padStart(4, '0')}.png`), [c, 255 - c, (i * 31) % 256], 48);
    }
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('loses nothing committed and resumes on the next run', async () => {
    const dbFile = path.join(data, 'catalog.db');
    const child = spawn(process.execPath, [BIN, 'index', lib, '--data', data, '--model', COLOR_MODEL, '--json'], {
      cwd: ROOT,
      env: { ...process.env, ATELIER_PROVIDER: 'cpu' },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let before = 0;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      before = embeddedCount(dbFile);
      if (before > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    expect(await exited).toBeNull();
    expect(before).toBeGreaterThan(0);

    const afterKill = embeddedCount(dbFile);
    expect(afterKill).toBeGreaterThanOrEqual(before);
    expect(afterKill).toBeLessThan(COUNT);
    const db = new Database(dbFile, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const files = (db.prepare('SELECT count(*) AS n FROM files').get() as { n: number }).n;
    expect(files).toBe(afterKill);
    db.close();

    const rerun = json<IndexSummary>(await runCli(['index', lib, '--data', data, '--model', COLOR_MODEL, '--json']));
    expect(rerun.embedded).toBe(COUNT - afterKill);
    expect(embeddedCount(dbFile)).toBe(COUNT);

    const status = json<{ files: number }>(await runCli(['status', '--data', data, '--model', COLOR_MODEL, '--json']));
    expect(status.files).toBe(COUNT);
  });
});
