/**
 * Two processes indexing one folder: the catalog's lease lets one work while
 * the other waits and says so, then re-plans and reuses what the first
 * committed, so each image goes through the model once. A lease whose holder is
 * gone (its process ended, or its heartbeat stopped) is taken over at once.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import type { IndexSummary } from '../../src/shared/types';
import { json, runCli, startCli } from '../helpers/cli';
import { solid } from '../helpers/images';
import { TINY_MODEL } from '../helpers/paths';

const COUNT = 12;

/** COUNT images of a content no other library of this file has. */
let libraries = 0;
async function library(dir: string): Promise<void> {
  const seed = ++libraries;
  for (let i = 0; i < COUNT; i++) {
    await solid(path.join(dir, `img-${i}.png`), [i * 20, 255 - i * 20, seed * 40], 40 + i);
  }
}

/** A pid no process has: one that just ended. */
function deadPid(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', '']);
    child.on('error', reject);
    child.on('exit', () => resolve(child.pid!));
  });
}

describe('two processes indexing the same folder', () => {
  let tmp: string;
  let data: string;
  let catalog: Catalog;

  const holdLease = (folder: string, pid: number, heartbeatAt: number) =>
    catalog.db
      .prepare(
        `INSERT INTO index_leases (folder, job_id, pid, host, heartbeat_at, taken_at) VALUES (?, 'held-by-test', ?, ?, ?, ?)`,
      )
      .run(folder, pid, os.hostname(), heartbeatAt, heartbeatAt);
  const leases = () => catalog.db.prepare(`SELECT folder, pid FROM index_leases`).all();
  const embeddings = () => (catalog.db.prepare(`SELECT count(*) AS n FROM embeddings`).get() as { n: number }).n;
  const index = (folder: string) => ['index', folder, '--data', data, '--model', TINY_MODEL, '--json'];

  beforeAll(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-shared-')));
    data = path.join(tmp, 'data');
    catalog = Catalog.open(path.join(data, 'catalog.db'));
  });
  // A failed test must not leave its lease in the way of the next.
  afterEach(() => void catalog.db.prepare(`DELETE FROM index_leases WHERE job_id = 'held-by-test'`).run());
  afterAll(() => {
    catalog?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('embeds each image once between them; the one that waits says so', { timeout: 120_000 }, async () => {
    const lib = path.join(tmp, 'both');
    await library(lib);
    // Another process holds the folder: both commands start while it works.
    holdLease(lib, process.pid, Date.now() + 600_000);
    const waiting = new RegExp(`Another Atelier process \\(pid ${process.pid}\\) is indexing ${lib}; waiting…`);
    const first = startCli(index(lib));
    await first.stderrMatches(waiting);
    const second = startCli(index(lib));
    await second.stderrMatches(waiting);
    expect(embeddings()).toBe(0);

    catalog.db.prepare(`DELETE FROM index_leases WHERE job_id = 'held-by-test'`).run();
    const results = await Promise.all([first.done, second.done]);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const [a, b] = results.map((r) => json<IndexSummary>(r));
    expect(a!.embedded + b!.embedded).toBe(COUNT);
    expect(Math.min(a!.embedded, b!.embedded)).toBe(0);
    expect(embeddings()).toBe(COUNT);
    expect(leases()).toEqual([]);
  });

  it('takes over at once a lease whose holder process has ended', async () => {
    const lib = path.join(tmp, 'dead');
    await library(lib);
    holdLease(lib, await deadPid(), Date.now());
    const r = await runCli(index(lib));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/waiting/);
    expect(json<IndexSummary>(r).embedded).toBe(COUNT);
    expect(leases()).toEqual([]);
  });

  it('takes over a lease whose holder stopped its heartbeat, though its pid lives', async () => {
    const lib = path.join(tmp, 'stale');
    await library(lib);
    holdLease(lib, process.pid, Date.now() - 10 * 60_000);
    const r = await runCli(index(lib));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/waiting/);
    expect(json<IndexSummary>(r).embedded).toBe(COUNT);
    expect(leases()).toEqual([]);
  });

  it('waits for a lease on a folder inside the one it indexes, and on the folder above', async () => {
    const lib = path.join(tmp, 'nested');
    await library(path.join(lib, 'inner'));
    holdLease(path.join(lib, 'inner'), process.pid, Date.now() + 600_000);
    const outer = startCli(index(lib));
    await outer.stderrMatches(new RegExp(`\\(pid ${process.pid}\\) is indexing ${lib}/inner; waiting…`));
    catalog.db.prepare(`DELETE FROM index_leases WHERE job_id = 'held-by-test'`).run();
    expect(json<IndexSummary>(await outer.done).embedded).toBe(COUNT);

    holdLease(tmp, process.pid, Date.now() + 600_000);
    const inner = startCli(index(path.join(lib, 'inner')));
    await inner.stderrMatches(new RegExp(`\\(pid ${process.pid}\\) is indexing ${tmp}; waiting…`));
    catalog.db.prepare(`DELETE FROM index_leases WHERE job_id = 'held-by-test'`).run();
    const r = await inner.done;
    expect(r.code, r.stderr).toBe(0);
    expect(json<IndexSummary>(r)).toMatchObject({ embedded: 0, scanned: COUNT });
  });
});
