/** A file's rating and note in the catalog: one row per file that has either. */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../catalog/database';
import { preparedOnce } from '../catalog/preparedOnce';

export interface Marks {
  rating: number;
  note: string;
  ratingSource: MarkSource;
  noteSource: MarkSource;
}

/** Who set a rating or note: the user, or the file's own metadata (replaced when the file changes). */
export type MarkSource = 'user' | 'file';

export class MarkRecords {
  /** Prepared once per instance: the metadata pass sets marks for every new file. */
  private readonly sql: (text: string) => Statement;

  constructor(private readonly db: Db) {
    this.sql = preparedOnce(db);
  }

  setRating(fileIds: number[], rating: number): void {
    const put = this.sql(
      `INSERT INTO file_marks (file_id, rating, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(file_id) DO UPDATE SET rating = excluded.rating, rating_source = 'user', updated_at = excluded.updated_at`,
    );
    const now = Date.now();
    for (const id of fileIds) put.run(id, rating, now);
    this.prune();
  }

  setNote(fileId: number, note: string): void {
    this.sql(
      `INSERT INTO file_marks (file_id, note, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(file_id) DO UPDATE SET note = excluded.note, note_source = 'user', updated_at = excluded.updated_at`,
    ).run(fileId, note, Date.now());
    this.prune();
  }

  /**
   * The rating and note the file's metadata gives: each replaces one that came from the file
   * before, never one the user set (a user's rating of 0 or empty note sets nothing).
   */
  setFromFile(fileId: number, rating: number, note: string): void {
    // Most files carry neither: with no row to replace, writing one only to prune it again rewrote
    // the file's searchable text twice (the marks' triggers) for nothing.
    if (rating === 0 && note === '' && !this.sql(`SELECT 1 FROM file_marks WHERE file_id = ?`).get(fileId)) return;
    this.sql(
      `INSERT INTO file_marks (file_id, rating, note, rating_source, note_source, updated_at)
         VALUES (?, ?, ?, 'file', 'file', ?)
         ON CONFLICT(file_id) DO UPDATE SET
           rating = CASE WHEN rating_source = 'user' AND rating > 0 THEN rating ELSE excluded.rating END,
           rating_source = CASE WHEN rating_source = 'user' AND rating > 0 THEN 'user' ELSE 'file' END,
           note = CASE WHEN note_source = 'user' AND note <> '' THEN note ELSE excluded.note END,
           note_source = CASE WHEN note_source = 'user' AND note <> '' THEN 'user' ELSE 'file' END,
           updated_at = excluded.updated_at`,
    ).run(fileId, rating, note, Date.now());
    // Only this file's row changed: a whole-table prune per file made a pass over many files quadratic.
    this.sql(`DELETE FROM file_marks WHERE file_id = ? AND rating = 0 AND note = ''`).run(fileId);
  }

  of(fileId: number): Marks {
    const row = this.sql(
      `SELECT rating, note, rating_source AS ratingSource, note_source AS noteSource FROM file_marks WHERE file_id = ?`,
    ).get(fileId) as Marks | undefined;
    return row ?? { rating: 0, note: '', ratingSource: 'user', noteSource: 'user' };
  }

  /** A row with no rating and no note says nothing: it goes. */
  private prune(): void {
    this.sql(`DELETE FROM file_marks WHERE rating = 0 AND note = ''`).run();
  }
}
