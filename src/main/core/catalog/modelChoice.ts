/**
 * The model searches use and the one a switch re-indexes into, in one catalog
 * row (migration 10). Every process reads it per request, so a switch made by
 * the CLI reaches a running app or `atelier serve` at its next search; the
 * active model moves to the pending one in a single transaction, so no process
 * ever sees a library half in one vector space and half in another.
 */
import type { Db } from './database';

export interface ModelChoiceRow {
  /** The model searches use; null until one is chosen (the manifest's default then applies). */
  active: string | null;
  /** The model being switched to. */
  pending: string | null;
  /** The job re-indexing into `pending`. */
  jobId: string | null;
  paused: boolean;
}

const EMPTY: ModelChoiceRow = { active: null, pending: null, jobId: null, paused: false };

export class ModelChoice {
  constructor(private readonly db: Db) {}

  read(): ModelChoiceRow {
    const row = this.db
      .prepare(`SELECT active, pending, job_id AS jobId, paused FROM model_choice WHERE id = 1`)
      .get() as (Omit<ModelChoiceRow, 'paused'> & { paused: number }) | undefined;
    return row ? { ...row, paused: row.paused === 1 } : EMPTY;
  }

  private write(row: ModelChoiceRow): void {
    this.db
      .prepare(
        `INSERT INTO model_choice (id, active, pending, job_id, paused, updated_at) VALUES (1, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET active = excluded.active, pending = excluded.pending,
           job_id = excluded.job_id, paused = excluded.paused, updated_at = excluded.updated_at`,
      )
      .run(row.active, row.pending, row.jobId, row.paused ? 1 : 0, Date.now());
  }

  /** Uses `model` at once, dropping any switch in progress (nothing to re-index: an empty library). */
  activate(model: string): void {
    this.write({ active: model, pending: null, jobId: null, paused: false });
  }

  /** Records a switch to `model` run by `jobId`; `active` stays what searches use meanwhile. */
  begin(active: string, model: string, jobId: string): void {
    this.db.transaction(() => this.write({ ...this.read(), active, pending: model, jobId, paused: false }))();
  }

  setPaused(paused: boolean): void {
    this.db.transaction(() => this.write({ ...this.read(), paused }))();
  }

  /** Makes `model` the active one if it is still the pending one; false when the switch was replaced or cancelled. */
  finish(model: string): boolean {
    return this.db.transaction(() => {
      if (this.read().pending !== model) return false;
      this.activate(model);
      return true;
    })();
  }

  /** Forgets the switch to `model` (cancelled); false when another switch replaced it. */
  clear(model: string): boolean {
    return this.db.transaction(() => {
      const row = this.read();
      if (row.pending !== model) return false;
      this.write({ ...row, pending: null, jobId: null, paused: false });
      return true;
    })();
  }
}
