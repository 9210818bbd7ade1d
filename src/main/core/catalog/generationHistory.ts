/**
 * What earlier generations leave to reuse and to count: the prompts typed
 * (newest first, each once), and every saved output with its job's model,
 * size and estimated price, for the spending sums.
 */
import type { GenerationParams } from '../../../shared/generation';
import type { Db } from './database';

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Distinct prompts, most recently used first; `query` keeps those containing it (any case). */
export function promptHistory(db: Db, query: string, limit: number): string[] {
  const needle = query.trim().toLowerCase();
  const rows = db
    .prepare(
      `SELECT json_extract(request, '$.prompt') AS prompt, max(created_at) AS last, max(rowid) AS seq
         FROM generation_jobs
        WHERE (? = '' OR lower(json_extract(request, '$.prompt')) LIKE ? ESCAPE '\\')
        GROUP BY prompt ORDER BY last DESC, seq DESC LIMIT ?`,
    )
    .all(needle, `%${escapeLike(needle)}%`, limit) as Array<{ prompt: string }>;
  return rows.map((r) => r.prompt);
}

export interface OutputCostRow {
  createdAt: number;
  params: GenerationParams;
}

/** Every saved output with its job's parameters, oldest first. */
export function outputCostRows(db: Db): OutputCostRow[] {
  const rows = db
    .prepare(
      `SELECT o.created_at AS createdAt, json_extract(j.request, '$.params') AS params
         FROM generation_outputs o JOIN generation_jobs j ON j.id = o.job_id
        ORDER BY o.created_at`,
    )
    .all() as Array<{ createdAt: number; params: string }>;
  return rows.map((r) => ({ createdAt: r.createdAt, params: JSON.parse(r.params) as GenerationParams }));
}
