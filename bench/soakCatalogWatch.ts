/**
 * What the catalog held, and when: the soak's ground truth for judging
 * searches. A read-only connection polls the paths that have a vector a few
 * times a second and keeps, per path, the stretches of time it was there.
 *
 * Times are bounded on the safe side: a path first seen by the poll that
 * ended at T was committed at T or before; a path seen by the poll that
 * started at S was still there at S. So a search judged against these
 * stretches is never called stale for a commit or a removal it could not have
 * seen.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';

interface Stretch {
  /** Committed at or before this time (ms, performance.now()). */
  from: number;
  /** Still there at this time. */
  lastSeen: number;
  /** Gone at or before this time, if it went. */
  goneAt?: number;
}

const present = `SELECT f.path FROM files f WHERE EXISTS (SELECT 1 FROM embeddings e WHERE e.content_key = f.content_key)`;

export class CatalogWatch {
  private readonly stretches = new Map<string, Stretch[]>();
  private db: Database.Database | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastPollStart = -Infinity;
  private waiters: Array<{ after: number; resolve: () => void }> = [];
  /** Polls that failed (the catalog busy or not there yet); the next one tries again. */
  missedPolls = 0;

  constructor(
    private readonly catalogFile: string,
    private readonly everyMs = 200,
  ) {}

  start(): void {
    const tick = () => {
      this.poll();
      this.timer = setTimeout(tick, this.everyMs);
    };
    tick();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.db?.close();
    this.db = null;
    for (const w of this.waiters) w.resolve();
    this.waiters = [];
  }

  private poll(): void {
    const started = performance.now();
    let paths: Set<string>;
    try {
      if (!this.db) {
        if (!fs.existsSync(this.catalogFile)) return;
        this.db = new Database(this.catalogFile, { readonly: true, fileMustExist: true });
        this.db.pragma('busy_timeout = 1000');
      }
      paths = new Set((this.db.prepare(present).pluck().all() as string[]).values());
    } catch {
      this.missedPolls++;
      return;
    }
    const ended = performance.now();
    for (const p of paths) {
      const list = this.stretches.get(p) ?? [];
      const open = list.at(-1);
      if (open && open.goneAt === undefined) open.lastSeen = started;
      else {
        list.push({ from: ended, lastSeen: started });
        this.stretches.set(p, list);
      }
    }
    for (const [p, list] of this.stretches) {
      const open = list.at(-1)!;
      if (open.goneAt === undefined && !paths.has(p)) open.goneAt = ended;
    }
    this.lastPollStart = started;
    this.waiters = this.waiters.filter((w) => {
      if (w.after > started) return true;
      w.resolve();
      return false;
    });
  }

  /** Resolves once a poll has started after `time`, so what happened up to then is known. */
  seenAfter(time: number): Promise<void> {
    if (this.lastPollStart > time || !this.timer) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ after: time, resolve }));
  }

  /** Whether the path had a vector in the catalog at some time up to `time`, and still had it then. */
  committedBy(path: string, time: number): boolean {
    return (this.stretches.get(path) ?? []).some((s) => s.from <= time && s.goneAt === undefined);
  }

  /** Paths under `folder` committed by `from` and still there at `to` (none of them left in between). */
  heldThroughout(folder: string, from: number, to: number): string[] {
    const out: string[] = [];
    for (const [p, list] of this.stretches) {
      if (!p.startsWith(folder)) continue;
      if (list.some((s) => s.from <= from && s.lastSeen >= to)) out.push(p);
    }
    return out;
  }

  /** Whether the path had left the catalog by `time`, not to come back (a path the soak removed stays gone). */
  goneBy(path: string, time: number): boolean {
    const list = this.stretches.get(path);
    return Boolean(list?.length) && list!.every((s) => s.goneAt !== undefined && s.goneAt <= time);
  }
}
