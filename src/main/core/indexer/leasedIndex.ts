/**
 * Indexing with other processes about: each folder is indexed under a lease in
 * the catalog (catalog/indexLeases.ts), so a folder another process (or job) is
 * indexing is waited for, never indexed twice at once. Folders nobody holds go
 * first; a folder waited for is scanned and planned only once its lease is won,
 * so everything the other process committed is reused, not embedded again.
 * A job whose lease was taken over (it was judged gone: stopped too long, a
 * laptop asleep) stops before its next batch and waits like any other.
 */
import type { IndexSummary } from '../../../shared/types';
import { HEARTBEAT_MS, IndexLeases, ownerOf } from '../catalog/indexLeases';
import { type IndexerDeps, indexFolders, type IndexOptions, resolveFolders } from './indexer';

export interface LeasedIndexOptions extends IndexOptions {
  /** How often a waiting job asks for its folders again (default 500 ms). */
  pollMs?: number;
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Adds a run's work to the job's; a run cut short by a takeover leaves the counting of files to its rerun. */
function add(total: IndexSummary, part: IndexSummary, complete: boolean): void {
  total.embedded += part.embedded;
  total.reused += part.reused;
  total.moved += part.moved;
  total.removed += part.removed;
  if (!complete) return;
  total.scanned += part.scanned;
  total.skipped.push(...part.skipped);
}

export async function indexUnderLeases(deps: IndexerDeps, options: LeasedIndexOptions): Promise<IndexSummary> {
  const { catalog } = deps;
  const { jobId, signal } = options;
  const leases = new IndexLeases(catalog.db);
  const owner = ownerOf(jobId);
  let remaining = await resolveFolders(options.folders);
  const total: IndexSummary = { scanned: 0, embedded: 0, reused: 0, moved: 0, removed: 0, skipped: [] };
  const beat = setInterval(() => {
    try {
      leases.beat(owner);
      catalog.jobHeartbeat(jobId);
    } catch {
      // A busy catalog: the next beat tries again, well within the stale bound.
    }
  }, HEARTBEAT_MS);
  beat.unref();
  let reported = '';
  try {
    while (remaining.length > 0 && !signal?.aborted) {
      const { claimed, blockedBy } = leases.claim(owner, remaining);
      if (claimed.length === 0) {
        const holder = { pid: blockedBy!.pid, host: blockedBy!.host, folder: blockedBy!.folder };
        const key = JSON.stringify(holder);
        if (key !== reported) options.onProgress?.({ jobId, phase: 'waiting', done: 0, total: 0, holder });
        reported = key;
        await pause(options.pollMs ?? 500, signal);
        continue;
      }
      reported = '';
      let kept = true;
      const stillClaimed = () => (kept &&= leases.holds(owner, claimed));
      try {
        const part = await indexFolders(deps, { ...options, folders: claimed, stillClaimed });
        add(total, part, kept);
      } finally {
        leases.release(owner, claimed);
      }
      // Folders taken over midway are waited for and planned again: what was committed is reused.
      if (kept) remaining = remaining.filter((folder) => !claimed.includes(folder));
    }
  } finally {
    clearInterval(beat);
    leases.release(owner);
  }
  return total;
}
