/**
 * Spreads a large re-index's per-file work over worker threads: the walk
 * (scan.ts) reads the folders on this thread and hands each folder's files
 * over unstat'ed; the workers stat them and set them against the catalog's
 * rows (scanWorker.ts), and their outcomes are taken here in the order the
 * walk read the folders, so the result is the one a scan on this thread
 * gives. A worker that fails or dies costs nothing: its folders are done
 * here instead. The walk waits while many folders are in flight, so memory
 * stays small whatever the library's size.
 */
import type { WorkerHandle, WorkerSpawner } from '../workers/workerSpawner';
import type { FolderCompare } from './folderCompare';
import { type FolderJob, type FolderOutcome, runFolderJob } from './folderDiff';
import type { ScannedFile } from './scan';
import type { ScanAnswer, ScanCommand } from './scanWorker';

/** Folders in flight per worker before the walk waits. */
const IN_FLIGHT_PER_WORKER = 16;

interface Lane {
  handle: WorkerHandle;
  pending: Map<number, FolderJob>;
  alive: boolean;
}

export class ScanPool {
  private readonly lanes: Lane[] = [];
  private submitted = 0;
  private taken = 0;
  private readonly answered = new Map<number, FolderOutcome>();
  private waiters: Array<() => void> = [];
  private failure: Error | null = null;
  /** Folders done on this thread because no worker could do them. */
  doneHere = 0;

  constructor(
    spawn: WorkerSpawner,
    workers: number,
    catalogFile: string,
    private readonly compare: FolderCompare,
  ) {
    const open: ScanCommand = {
      type: 'open',
      catalog: catalogFile,
      scope: compare.scope,
      skipped: [...compare.skipped],
    };
    for (let i = 0; i < workers; i++) {
      let handle: WorkerHandle;
      try {
        handle = spawn();
      } catch {
        // No thread to be had: the folders are done here.
        break;
      }
      const lane: Lane = { handle, pending: new Map(), alive: true };
      lane.handle.onMessage((message) => this.answer(lane, message as ScanAnswer));
      lane.handle.onExit(() => this.lost(lane));
      lane.handle.postMessage(open);
      this.lanes.push(lane);
    }
  }

  /** scanFolder's `statLater`: one folder read by the walk. */
  readonly statLater = async (dir: string, names: string[], linked: ScannedFile[], dirMtimeMs: number) => {
    if (this.failure) throw this.failure;
    const catalogued = this.compare.catalogued.has(dir);
    const job: FolderJob = { dir, names, linked, catalogued, expected: this.compare.expectedOf(dir, dirMtimeMs) };
    const seq = this.submitted++;
    const lane = this.lanes.filter((l) => l.alive).sort((a, b) => a.pending.size - b.pending.size)[0];
    if (!lane) this.local(seq, job);
    else {
      lane.pending.set(seq, job);
      lane.handle.keepAlive(true);
      lane.handle.postMessage({ type: 'folder', seq, job } satisfies ScanCommand);
    }
    while (this.submitted - this.taken >= Math.max(1, this.lanes.length) * IN_FLIGHT_PER_WORKER && !this.failure) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  };

  /** Waits for every folder's outcome, then stops the workers. */
  async finish(): Promise<void> {
    while (this.taken < this.submitted && !this.failure) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    await this.close();
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    const lanes = this.lanes.filter((l) => l.alive);
    for (const lane of lanes) lane.alive = false;
    await Promise.all(lanes.map((l) => l.handle.terminate()));
  }

  private answer(lane: Lane, answer: ScanAnswer): void {
    const job = lane.pending.get(answer.seq);
    if (!job) return;
    lane.pending.delete(answer.seq);
    if (lane.pending.size === 0) lane.handle.keepAlive(false);
    // A folder the worker could not do (its catalog connection failed, say) is done here.
    if (answer.ok) this.settle(answer.seq, answer.outcome);
    else this.local(answer.seq, job);
  }

  /** A worker that exited: the folders it still had are done here. */
  private lost(lane: Lane): void {
    if (!lane.alive) return;
    lane.alive = false;
    const jobs = [...lane.pending.entries()];
    lane.pending.clear();
    for (const [seq, job] of jobs) this.local(seq, job);
  }

  private local(seq: number, job: FolderJob): void {
    this.doneHere++;
    try {
      this.settle(seq, runFolderJob(job, this.compare.rows, this.compare.skipped));
    } catch (err) {
      this.failure = err as Error;
      this.wake();
    }
  }

  private settle(seq: number, outcome: FolderOutcome): void {
    if (seq === this.taken) this.deliver(seq, outcome);
    else this.answered.set(seq, outcome);
  }

  /** Takes outcomes in the walk's order: this one, and any after it already answered. */
  private deliver(seq: number, outcome: FolderOutcome): void {
    this.compare.take(outcome);
    this.taken = seq + 1;
    for (let next = this.answered.get(this.taken); next; next = this.answered.get(this.taken)) {
      this.answered.delete(this.taken);
      this.compare.take(next);
      this.taken++;
    }
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
