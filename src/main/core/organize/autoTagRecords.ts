/** Auto-tag definitions in the catalog: a description, example images, a threshold, and its last run. */
import type { Db } from '../catalog/database';
import type { Label } from './labels';

export interface AutoTagRow {
  id: number;
  name: string;
  folded: string;
  prompt: string;
  examples: string[];
  threshold: number;
  modelId: string | null;
  runAt: number | null;
}

interface RawRow extends Omit<AutoTagRow, 'examples'> {
  examples: string;
}

const COLUMNS = `id, name, folded, prompt, examples, threshold, model_id AS modelId, run_at AS runAt`;
const parsed = (row: RawRow): AutoTagRow => ({ ...row, examples: JSON.parse(row.examples) as string[] });

export class AutoTagRecords {
  constructor(private readonly db: Db) {}

  find(tag: Label): AutoTagRow | undefined {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM autotags WHERE folded = ?`).get(tag.folded) as
      RawRow | undefined;
    return row && parsed(row);
  }

  all(): AutoTagRow[] {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM autotags ORDER BY folded`).all() as RawRow[]).map(parsed);
  }

  /** Defines the tag, or changes its definition (which makes its last run stale). */
  put(tag: Label, prompt: string, examples: string[], threshold: number): void {
    this.db
      .prepare(
        `INSERT INTO autotags (name, folded, prompt, examples, threshold, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(folded) DO UPDATE SET name = excluded.name, prompt = excluded.prompt,
           examples = excluded.examples, threshold = excluded.threshold, model_id = NULL, run_at = NULL`,
      )
      .run(tag.name, tag.folded, prompt, JSON.stringify(examples), threshold, Date.now());
  }

  ran(id: number, modelId: string): void {
    this.db.prepare(`UPDATE autotags SET model_id = ?, run_at = ? WHERE id = ?`).run(modelId, Date.now(), id);
  }

  delete(id: number): void {
    this.db.prepare(`DELETE FROM autotags WHERE id = ?`).run(id);
  }
}
