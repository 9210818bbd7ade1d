/**
 * The indexing lease on its own, over a real catalog file: which folders
 * exclude each other, and when a holder counts as gone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { IndexLeases, ownerOf, STALE_MS } from '../../src/main/core/catalog/indexLeases';

describe('indexing leases', () => {
  let dir: string;
  let catalog: Catalog;
  let now: number;
  let leases: IndexLeases;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-lease-'));
    catalog = Catalog.open(path.join(dir, 'catalog.db'));
    now = 1_000_000;
    leases = new IndexLeases(catalog.db, () => now);
  });
  afterEach(() => {
    catalog.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('excludes the same folder, the folders inside it and the one above, not a sibling sharing a prefix', () => {
    const first = ownerOf('job-1');
    expect(leases.claim(first, ['/lib/a'])).toEqual({ claimed: ['/lib/a'], blockedBy: null });
    const second = ownerOf('job-2');
    const result = leases.claim(second, ['/lib/a', '/lib/a/sub', '/lib', '/lib/ab']);
    expect(result.claimed).toEqual(['/lib/ab']);
    expect(result.blockedBy).toMatchObject({ folder: '/lib/a', jobId: 'job-1', pid: process.pid });
    // The holder's own job claims again freely.
    expect(leases.claim(first, ['/lib/a/sub']).claimed).toEqual(['/lib/a/sub']);

    leases.release(first);
    expect(leases.claim(second, ['/lib/a']).claimed).toEqual(['/lib/a']);
  });

  it('counts a holder as gone once its heartbeat is older than the bound, and alive while it beats', () => {
    const holder = ownerOf('holder');
    leases.claim(holder, ['/lib']);
    now += STALE_MS - 1000;
    expect(leases.beat(holder)).toBe(1);
    now += STALE_MS - 1000;
    expect(leases.claim(ownerOf('other'), ['/lib']).claimed).toEqual([]);
    now += 2000;
    expect(leases.claim(ownerOf('other'), ['/lib']).claimed).toEqual(['/lib']);
    // The old holder learns it lost the folder at its next beat.
    expect(leases.beat(holder)).toBe(0);
  });
});
