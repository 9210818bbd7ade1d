/**
 * Generation jobs and their outputs in the catalog. A job row holds its whole
 * request, so the queue can run it after a restart; an output row ties a
 * generated image's content key to the job that made it (its provenance).
 */
import { randomUUID } from 'node:crypto';
import type {
  EditSource,
  GenerationJob,
  GenerationParams,
  GenerationReference,
  GenerationState,
} from '../../../shared/generation';
import type { Db } from './database';

export interface GenerationRequest {
  prompt: string;
  params: GenerationParams;
  references: GenerationReference[];
  /** For an edit: the conversation and turn it continues. */
  edit?: EditSource;
}

export interface OutputRow {
  contentKey: string;
  jobId: string;
  slot: number;
  path: string;
  mimeType: string;
  responseText: string | null;
  createdAt: number;
}

interface JobRecord {
  id: string;
  state: GenerationState;
  request: string;
  attempts: number;
  message: string | null;
  next_attempt_at: number | null;
  response_text: string | null;
  created_at: number;
  updated_at: number;
}

/** `path` is where the output is now: a catalogued file with its content (the saved path first), else the saved path. */
const outputColumns = `content_key AS contentKey, job_id AS jobId, slot,
  coalesce(
    (SELECT f.path FROM files f WHERE f.path = o.path AND f.content_key = o.content_key),
    (SELECT min(f.path) FROM files f WHERE f.content_key = o.content_key),
    o.path) AS path,
  mime_type AS mimeType, response_text AS responseText, created_at AS createdAt`;

export class GenerationRecords {
  constructor(private readonly db: Db) {}

  create(request: GenerationRequest): GenerationJob {
    const id = randomUUID();
    const now = Date.now();
    this.db
      .prepare(`INSERT INTO generation_jobs (id, state, request, created_at, updated_at) VALUES (?, 'queued', ?, ?, ?)`)
      .run(id, JSON.stringify(request), now, now);
    return this.job(id)!;
  }

  job(id: string): GenerationJob | undefined {
    const row = this.db.prepare(`SELECT * FROM generation_jobs WHERE id = ?`).get(id) as JobRecord | undefined;
    return row && this.toJob(row);
  }

  request(id: string): GenerationRequest | undefined {
    const row = this.db.prepare(`SELECT request FROM generation_jobs WHERE id = ?`).get(id) as
      { request: string } | undefined;
    return row && (JSON.parse(row.request) as GenerationRequest);
  }

  /** The newest jobs first. */
  recent(limit: number): GenerationJob[] {
    const rows = this.db
      .prepare(`SELECT * FROM generation_jobs ORDER BY created_at DESC, rowid DESC LIMIT ?`)
      .all(limit) as JobRecord[];
    return rows.map((r) => this.toJob(r));
  }

  /** Jobs not yet finished, oldest first: what the queue has to run. */
  unfinished(): GenerationJob[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM generation_jobs WHERE state IN ('queued', 'running', 'retrying') ORDER BY created_at, rowid`,
      )
      .all() as JobRecord[];
    return rows.map((r) => this.toJob(r));
  }

  update(
    id: string,
    state: GenerationState,
    fields: { message?: string | null; nextAttemptAt?: number | null; responseText?: string } = {},
  ): void {
    this.db
      .prepare(
        `UPDATE generation_jobs SET state = ?, updated_at = ?,
           message = CASE WHEN ? THEN ? ELSE message END,
           next_attempt_at = CASE WHEN ? THEN ? ELSE next_attempt_at END,
           response_text = coalesce(?, response_text)
         WHERE id = ?`,
      )
      .run(
        state,
        Date.now(),
        fields.message !== undefined ? 1 : 0,
        fields.message ?? null,
        fields.nextAttemptAt !== undefined ? 1 : 0,
        fields.nextAttemptAt ?? null,
        fields.responseText ?? null,
        id,
      );
  }

  countAttempt(id: string): void {
    this.db
      .prepare(`UPDATE generation_jobs SET attempts = attempts + 1, updated_at = ? WHERE id = ?`)
      .run(Date.now(), id);
  }

  addOutput(row: OutputRow): void {
    this.db
      .prepare(
        `INSERT INTO generation_outputs (content_key, job_id, slot, path, mime_type, response_text, created_at)
         VALUES (@contentKey, @jobId, @slot, @path, @mimeType, @responseText, @createdAt)`,
      )
      .run(row);
  }

  outputs(jobId: string): OutputRow[] {
    return this.db
      .prepare(`SELECT ${outputColumns} FROM generation_outputs o WHERE job_id = ? ORDER BY slot, id`)
      .all(jobId) as OutputRow[];
  }

  outputByContentKey(contentKey: string): OutputRow | undefined {
    return this.db
      .prepare(`SELECT ${outputColumns} FROM generation_outputs o WHERE content_key = ? ORDER BY id DESC LIMIT 1`)
      .get(contentKey) as OutputRow | undefined;
  }

  private toJob(row: JobRecord): GenerationJob {
    const request = JSON.parse(row.request) as GenerationRequest;
    const batch = this.db.prepare(`SELECT name, state FROM generation_batches WHERE job_id = ?`).get(row.id) as
      { name: string; state: string } | undefined;
    return {
      id: row.id,
      // The catalog keeps a job out at a batch as queued (the states it checks predate batches).
      state: batch && row.state === 'queued' ? 'batch-submitted' : row.state,
      prompt: request.prompt,
      params: request.params,
      references: request.references,
      outputs: this.outputs(row.id).map((o) => o.path),
      attempts: row.attempts,
      ...(row.message ? { message: row.message } : {}),
      ...(row.next_attempt_at ? { nextAttemptAt: row.next_attempt_at } : {}),
      ...(row.response_text ? { responseText: row.response_text } : {}),
      ...(request.edit ? { edit: request.edit } : {}),
      ...(batch ? { batch } : {}),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}
