/**
 * Claims on syncing a vector store, kept in the catalog so that every process
 * sharing the data folder sees them. One process at a time brings a store up
 * to date for a model: reading the change log, reading the entries and writing
 * them to the store happen under one claim, so no process writes an entry it
 * read before another process wrote a newer one.
 *
 * A claim names its holder (host and process id) and expires unless renewed;
 * a holder on this machine whose process is gone loses it at once.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Catalog } from './catalog';

/** A claim not renewed for this long is free (its holder hung or died on another machine). */
const CLAIM_MS = 120_000;
/** How often a process waiting for a claim looks again. */
const WAIT_MS = 25;

interface ClaimRow {
  owner: string;
  expires_at: number;
}

/** True when `owner` is a process of this machine that no longer runs. */
function gone(owner: string): boolean {
  const [host, pid] = owner.split(':');
  if (host !== os.hostname() || !pid) return false;
  if (Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export class SyncClaims {
  /** This holder's name: two holders in one process (two open apps) are still two. */
  readonly owner = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(private readonly catalog: Catalog) {}

  /** Takes the claim if it is free, expired or already ours; false when another holder has it. */
  tryClaim(store: string, modelId: string): boolean {
    const db = this.catalog.db;
    const take = db.transaction(() => {
      const row = db
        .prepare(`SELECT owner, expires_at FROM store_sync_claims WHERE store = ? AND model_id = ?`)
        .get(store, modelId) as ClaimRow | undefined;
      const now = Date.now();
      if (row && row.owner !== this.owner && row.expires_at > now && !gone(row.owner)) return false;
      db.prepare(
        `INSERT INTO store_sync_claims (store, model_id, owner, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(store, model_id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at`,
      ).run(store, modelId, this.owner, now + CLAIM_MS);
      return true;
    });
    return take.immediate();
  }

  /** Waits until the claim is ours (another process's sync ends, or its claim lapses). */
  async claim(store: string, modelId: string): Promise<void> {
    while (!this.tryClaim(store, modelId)) await new Promise((resolve) => setTimeout(resolve, WAIT_MS));
  }

  /**
   * Renews the claim during a long sync; throws when it lapsed and another process took it
   * meanwhile (this sync must stop writing: the other one carries on from the cursor).
   */
  renew(store: string, modelId: string): void {
    if (!this.tryClaim(store, modelId)) {
      throw new Error(`Another process took over syncing ${store} for ${modelId}; this sync stops here.`);
    }
  }

  /** Gives the claim back, if it is still ours. */
  release(store: string, modelId: string): void {
    this.catalog.db
      .prepare(`DELETE FROM store_sync_claims WHERE store = ? AND model_id = ? AND owner = ?`)
      .run(store, modelId, this.owner);
  }
}
