/** A file's rating and note in the catalog: one row per file that has either. */
import type { Db } from '../catalog/database';

export interface Marks {
  rating: number;
  note: string;
}

export class MarkRecords {
  constructor(private readonly db: Db) {}

  setRating(fileIds: number[], rating: number): void {
    const put = this.db.prepare(
      `INSERT INTO file_marks (file_id, rating, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(file_id) DO UPDATE SET rating = excluded.rating, updated_at = excluded.updated_at`,
    );
    const now = Date.now();
    for (const id of fileIds) put.run(id, rating, now);
    this.prune();
  }

  setNote(fileId: number, note: string): void {
    this.db
      .prepare(
        `INSERT INTO file_marks (file_id, note, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(file_id) DO UPDATE SET note = excluded.note, updated_at = excluded.updated_at`,
      )
      .run(fileId, note, Date.now());
    this.prune();
  }

  of(fileId: number): Marks {
    const row = this.db.prepare(`SELECT rating, note FROM file_marks WHERE file_id = ?`).get(fileId) as
      Marks | undefined;
    return row ?? { rating: 0, note: '' };
  }

  /** A row with no rating and no note says nothing: it goes. */
  private prune(): void {
    this.db.prepare(`DELETE FROM file_marks WHERE rating = 0 AND note = ''`).run();
  }
}
