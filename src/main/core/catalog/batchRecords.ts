/**
 * The Batch API job a generation job was submitted as: kept in the catalog
 * so that any later run (the app after a restart, `generate --resume`) polls
 * it and collects its images.
 */
import type { Db } from './database';

export interface BatchRow {
  jobId: string;
  name: string;
  state: string;
  inputFile: string | null;
  submittedAt: number;
  checkedAt: number | null;
}

export class BatchRecords {
  constructor(private readonly db: Db) {}

  submitted(jobId: string, batch: { name: string; state: string; inputFile?: string }): void {
    this.db
      .prepare(
        `INSERT INTO generation_batches (job_id, name, state, input_file, submitted_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (job_id) DO UPDATE SET name = excluded.name, state = excluded.state,
           input_file = excluded.input_file, submitted_at = excluded.submitted_at, checked_at = NULL`,
      )
      .run(jobId, batch.name, batch.state, batch.inputFile ?? null, Date.now());
  }

  checked(jobId: string, state: string): void {
    this.db
      .prepare(`UPDATE generation_batches SET state = ?, checked_at = ? WHERE job_id = ?`)
      .run(state, Date.now(), jobId);
  }

  of(jobId: string): BatchRow | undefined {
    return this.db
      .prepare(
        `SELECT job_id AS jobId, name, state, input_file AS inputFile, submitted_at AS submittedAt,
           checked_at AS checkedAt FROM generation_batches WHERE job_id = ?`,
      )
      .get(jobId) as BatchRow | undefined;
  }
}
