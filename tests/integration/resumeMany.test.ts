/**
 * Several index jobs cut off at once (a script's indexers killed one after
 * another, often of the same folders) are resumed as one job over the folders
 * they named, not as as many jobs waiting on each other's leases.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import type { ClipEncoder } from '../../src/main/core/clip/encoderClient';
import { createEventBus } from '../../src/main/core/events';
import { LibraryService } from '../../src/main/core/indexer/libraryService';
import type { IndexSummary } from '../../src/shared/types';
import { fixtureEncoder } from '../helpers/encoder';
import { solid } from '../helpers/images';
import { COLOR_MODEL } from '../helpers/paths';

describe('resuming interrupted index jobs', () => {
  let dir: string;
  let catalog: Catalog;
  let encoder: ClipEncoder | undefined;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-resume-many-'));
    catalog = Catalog.open(path.join(dir, 'data', 'catalog.db'));
  });
  afterEach(async () => {
    await encoder?.close();
    catalog.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('resumes every job cut off as one job over the folders they named, each folder once', async () => {
    const a = path.join(dir, 'a');
    const b = path.join(dir, 'b');
    await solid(path.join(a, 'red.png'), [220, 20, 20]);
    await solid(path.join(b, 'blue.png'), [20, 20, 220]);
    const cut = [[a], [a], [a, b]].map((folders) => {
      const id = catalog.createJob('index', { folders });
      catalog.updateJob(id, 'interrupted');
      return id;
    });

    const events = createEventBus();
    const indexed = new Promise<{ jobId: string; summary: IndexSummary }>((resolve) =>
      events.on('library.indexed', resolve),
    );
    encoder = fixtureEncoder(COLOR_MODEL, 'color');
    const library = new LibraryService(catalog, events, () => Promise.resolve(encoder!), path.join(dir, 'data'));

    const resumed = library.resumeInterrupted();
    expect(resumed).toHaveLength(1);
    const done = await indexed;
    expect(done.jobId).toBe(resumed[0]);
    expect(done.summary.embedded).toBe(2);

    const job = catalog.job(resumed[0]!)!;
    expect(job.payload).toEqual({ folders: [a, b] });
    for (const id of cut) {
      expect(catalog.job(id)).toMatchObject({ state: 'cancelled', error: `resumed as job ${resumed[0]}` });
    }
    // Nothing is left to resume a second time.
    expect(library.resumeInterrupted()).toEqual([]);
    expect(catalog.jobsIn('interrupted', 'index')).toEqual([]);
  });
});
