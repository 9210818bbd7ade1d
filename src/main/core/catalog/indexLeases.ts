/**
 * Leases on folders, so that processes sharing a data folder (the app,
 * `atelier serve`, CLI commands) never index the same files at once. A lease on
 * a folder covers the folders inside it, so a parent and a child root exclude
 * each other. A holder is alive while its heartbeat is fresh and, on this host,
 * while its process exists: a lease of a killed process is taken over at once,
 * one of a hung or remote process once its heartbeat is older than STALE_MS.
 */
import os from 'node:os';
import path from 'node:path';
import type { Db } from './database';

/** How often a holder refreshes its heartbeat. */
export const HEARTBEAT_MS = 5_000;
/** A heartbeat older than this marks its holder as gone (six missed beats). */
export const STALE_MS = 30_000;

/** Who claims: one indexing job of one process. */
export interface LeaseOwner {
  jobId: string;
  pid: number;
  host: string;
}

export interface Lease extends LeaseOwner {
  folder: string;
  heartbeatAt: number;
}

export interface ClaimResult {
  /** The folders now held by the owner. */
  claimed: string[];
  /** A live lease of another job in the way of the folders not claimed, if any. */
  blockedBy: Lease | null;
}

/** The owner of work done by this process under `jobId`. */
export function ownerOf(jobId: string): LeaseOwner {
  return { jobId, pid: process.pid, host: os.hostname() };
}

/** Whether a process with this pid exists on this host (one we may not signal exists too). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One folder is the other or holds it. */
function overlaps(a: string, b: string): boolean {
  const inside = (child: string, parent: string) =>
    child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);
  return a === b || inside(a, b) || inside(b, a);
}

const leaseColumns = `folder, job_id AS jobId, pid, host, heartbeat_at AS heartbeatAt`;

export class IndexLeases {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  private alive(lease: Lease): boolean {
    if (this.now() - lease.heartbeatAt > STALE_MS) return false;
    return lease.host !== os.hostname() || processExists(lease.pid);
  }

  /**
   * Claims, in one write transaction, every folder of `folders` that no live lease of another
   * job overlaps; dead holders' leases are taken over on the way.
   */
  claim(owner: LeaseOwner, folders: string[]): ClaimResult {
    return this.db
      .transaction((): ClaimResult => {
        const now = this.now();
        const others: Lease[] = [];
        for (const lease of this.db.prepare(`SELECT ${leaseColumns} FROM index_leases`).all() as Lease[]) {
          if (lease.jobId === owner.jobId) continue;
          if (this.alive(lease)) others.push(lease);
          else this.db.prepare(`DELETE FROM index_leases WHERE folder = ?`).run(lease.folder);
        }
        const claimed: string[] = [];
        let blockedBy: Lease | null = null;
        for (const folder of folders) {
          const holder = others.find((lease) => overlaps(lease.folder, folder));
          if (holder) {
            blockedBy ??= holder;
            continue;
          }
          this.db
            .prepare(
              `INSERT OR REPLACE INTO index_leases (folder, job_id, pid, host, heartbeat_at, taken_at)
               VALUES (?, ?, ?, ?, ?, ?)`,
            )
            .run(folder, owner.jobId, owner.pid, owner.host, now, now);
          claimed.push(folder);
        }
        return { claimed, blockedBy };
      })
      .immediate();
  }

  /** Refreshes the owner's heartbeat; returns how many leases it still holds. */
  beat(owner: LeaseOwner): number {
    return this.db
      .prepare(`UPDATE index_leases SET heartbeat_at = ? WHERE job_id = ? AND pid = ? AND host = ?`)
      .run(this.now(), owner.jobId, owner.pid, owner.host).changes;
  }

  /** Whether the owner still holds every one of `folders` (no other process took one over). */
  holds(owner: LeaseOwner, folders: string[]): boolean {
    const held = this.db.prepare(`SELECT 1 FROM index_leases WHERE folder = ? AND job_id = ? AND pid = ? AND host = ?`);
    return folders.every((f) => held.get(f, owner.jobId, owner.pid, owner.host) !== undefined);
  }

  release(owner: LeaseOwner, folders?: string[]): void {
    const del = this.db.prepare(`DELETE FROM index_leases WHERE job_id = ? AND pid = ? AND host = ? AND folder = ?`);
    if (!folders) {
      this.db
        .prepare(`DELETE FROM index_leases WHERE job_id = ? AND pid = ? AND host = ?`)
        .run(owner.jobId, owner.pid, owner.host);
      return;
    }
    this.db.transaction(() => folders.forEach((f) => del.run(owner.jobId, owner.pid, owner.host, f))).immediate();
  }

  /** Every lease, live or not (status, tests). */
  all(): Lease[] {
    return this.db.prepare(`SELECT ${leaseColumns} FROM index_leases ORDER BY folder`).all() as Lease[];
  }
}
