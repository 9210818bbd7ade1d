/**
 * One library, many processes, for 30 seconds: `atelier serve` and CLI
 * indexers and searchers share one data folder while the library changes,
 * indexers are killed with SIGKILL and serve is killed and started again
 * (the scenario of `npm run bench:soak`, bench/soakRun.ts, on a smaller
 * library). Nothing may fail, be lost, be embedded twice or be searched stale.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ChildPool } from '../../bench/soakChildren';
import { runSoak } from '../../bench/soakRun';
import { summaryLines } from '../../bench/soakSummary';
import { COLOR_MODEL } from '../helpers/paths';

describe('one data folder shared by serve and CLI processes', () => {
  const pool = new ChildPool({});
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-soak-'));

  afterAll(async () => {
    // Whatever happened to the run, no process it started outlives the test.
    await pool.close();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  it('loses nothing, embeds each image once and never searches stale', { timeout: 300_000 }, async () => {
    const report = await runSoak({
      minutes: 0.5,
      seed: 20261204,
      folders: 8,
      perFolder: 12,
      indexers: 2,
      cliSearchers: 1,
      apiSearchers: 1,
      model: COLOR_MODEL,
      cacheDir,
      quietLimitMs: 60_000,
      pool,
      say: () => undefined,
      warn: (line) => console.warn(line),
    });
    console.info(summaryLines(report).join('\n'));
    const { result, tally } = report;
    // The final sweep searches every folder through serve and one through the CLI.
    expect(tally.searchMs.api.length).toBeGreaterThanOrEqual(8);
    expect(tally.searchMs.cli.length).toBeGreaterThanOrEqual(1);
    expect(tally.completedIndexRuns).toBeGreaterThanOrEqual(1);
    expect({
      errors: result.errors,
      lost: result.lost,
      duplicates: result.duplicates,
      stale_searches: result.stale_searches,
    }).toEqual({ errors: 0, lost: 0, duplicates: 0, stale_searches: 0 });
  });
});
