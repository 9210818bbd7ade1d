/**
 * kill -9 in the middle of indexing, at a known point (held after its second
 * committed batch, more in flight): every committed batch survives, the
 * catalog is intact, and the next run does only the rest.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexSummary } from '../../src/shared/types';
import { json, runCli } from '../helpers/cli';
import { solid } from '../helpers/images';
import { COLOR_MODEL, ROOT } from '../helpers/paths';

const COUNT = 64;
const HELD_CHILD = path.join(ROOT, 'tests/helpers/heldIndexChild.ts');

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
    // Indexes as the `atelier` command does and holds itself still after two committed batches.
    const child = spawn(process.execPath, ['--import', 'tsx', HELD_CHILD, lib, data, COLOR_MODEL], {
      cwd: ROOT,
      env: { ...process.env, ATELIER_PROVIDER: 'cpu' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out);
      });
      child.on('exit', (code) => reject(new Error(`the indexer exited (${code}) before holding: ${stderr}`)));
    });
    const before = Number(/^committed (\d+)$/m.exec(line)?.[1]);
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(COUNT);
    child.kill('SIGKILL');
    expect(await exited).toBeNull();

    // Exactly what was committed before the kill: the batches in flight left nothing behind.
    const afterKill = embeddedCount(dbFile);
    expect(afterKill).toBe(before);
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
