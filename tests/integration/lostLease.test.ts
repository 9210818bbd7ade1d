/**
 * A job whose lease another process took over (it judged the job gone: a
 * laptop asleep, a process stopped too long) stops sending work to the model
 * before the next batch, waits for the folder, then re-plans and does only
 * what nobody committed: each image is still embedded once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import type { ClipEncoder } from '../../src/main/core/clip/encoderClient';
import { indexUnderLeases } from '../../src/main/core/indexer/leasedIndex';
import type { IndexProgress } from '../../src/shared/types';
import { fixtureEncoder } from '../helpers/encoder';
import { solid } from '../helpers/images';
import { TINY_MODEL } from '../helpers/paths';

const COUNT = 12;

describe('a job that loses its lease', () => {
  let tmp: string;
  let lib: string;
  let encoder: ClipEncoder;

  beforeAll(async () => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-lost-')));
    lib = path.join(tmp, 'lib');
    for (let i = 0; i < COUNT; i++) await solid(path.join(lib, `img-${i}.png`), [i * 20, 90, 255 - i * 20], 40 + i);
    encoder = fixtureEncoder(TINY_MODEL);
  });
  afterAll(async () => {
    await encoder.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('stops before its next batch, waits, and finishes without embedding anything twice', async () => {
    const catalog = Catalog.open(path.join(tmp, 'catalog.db'));
    const takeOver = catalog.db.prepare(
      `UPDATE index_leases SET job_id = 'other', pid = ?, heartbeat_at = ? WHERE folder = ?`,
    );
    const letGo = catalog.db.prepare(`DELETE FROM index_leases WHERE job_id = 'other'`);
    const waits: IndexProgress[] = [];
    let batches = 0;
    let embeddedWhenLost = 0;
    const summary = await indexUnderLeases(
      { catalog, encoder },
      {
        folders: [lib],
        jobId: 'job',
        batchSize: 2,
        inFlight: 1,
        pollMs: 20,
        onBatch: () => {
          if (++batches !== 1) return;
          // After the first batch, another process takes the folder over.
          takeOver.run(process.pid, Date.now() + 600_000, lib);
          embeddedWhenLost = catalog.embeddingCounts()[encoder.model.id] ?? 0;
        },
        onProgress: (p) => {
          if (p.phase !== 'waiting') return;
          waits.push(p);
          // The other process is done with it.
          letGo.run();
        },
      },
    );
    expect(embeddedWhenLost).toBe(2);
    expect(waits).toEqual([
      {
        jobId: 'job',
        phase: 'waiting',
        done: 0,
        total: 0,
        holder: { pid: process.pid, host: os.hostname(), folder: lib },
      },
    ]);
    expect(summary).toMatchObject({ scanned: COUNT, embedded: COUNT, skipped: [] });
    expect(catalog.embeddingCounts()[encoder.model.id]).toBe(COUNT);
    expect(catalog.db.prepare(`SELECT count(*) AS n FROM index_leases`).get()).toEqual({ n: 0 });
    catalog.close();
  });
});
