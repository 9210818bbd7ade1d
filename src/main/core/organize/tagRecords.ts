/** Tags in the catalog: one row per tag (display form, folded form), one per tag on a file and its source. */
import type { Statement } from 'better-sqlite3';
import type { ImageTag, TagCount, TagSource } from '../../../shared/organize';
import type { Db } from '../catalog/database';
import { preparedOnce } from '../catalog/preparedOnce';
import type { Label } from './labels';

export class TagRecords {
  /** Prepared once per instance: the metadata pass replaces every new file's tags. */
  private readonly sql: (text: string) => Statement;

  constructor(private readonly db: Db) {
    this.sql = preparedOnce(db);
  }

  /**
   * The tag's id, creating it with this display form if it is new. A tag in use keeps the form it
   * was first typed in; one left on no file (its files were deleted) takes the new form.
   */
  private ensure(tag: Label): number {
    this.sql(
      `INSERT INTO tags (name, folded) VALUES (?, ?) ON CONFLICT(folded) DO UPDATE SET name = excluded.name
         WHERE NOT EXISTS (SELECT 1 FROM file_tags WHERE tag_id = tags.id)`,
    ).run(tag.name, tag.folded);
    return (this.sql(`SELECT id FROM tags WHERE folded = ?`).get(tag.folded) as { id: number }).id;
  }

  /** Tags these files; returns how many did not have it yet. */
  add(tag: Label, fileIds: number[], source: TagSource = 'user'): number {
    const id = this.ensure(tag);
    const insert = this.sql(
      `INSERT INTO file_tags (file_id, tag_id, source, added_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    const now = Date.now();
    return fileIds.reduce((n, file) => n + insert.run(file, id, source, now).changes, 0);
  }

  /** Takes the tag off these files (from this source); returns how many had it. A tag no file has is forgotten. */
  remove(tag: Label, fileIds: number[], source: TagSource = 'user'): number {
    const row = this.sql(`SELECT id FROM tags WHERE folded = ?`).get(tag.folded) as { id: number } | undefined;
    if (!row) return 0;
    const del = this.sql(`DELETE FROM file_tags WHERE file_id = ? AND tag_id = ? AND source = ?`);
    const removed = fileIds.reduce((n, file) => n + del.run(file, row.id, source).changes, 0);
    this.sql(`DELETE FROM tags WHERE id = ? AND NOT EXISTS (SELECT 1 FROM file_tags WHERE tag_id = ?)`).run(
      row.id,
      row.id,
    );
    return removed;
  }

  /** Puts these tags on the file as read from its metadata, in place of those read before. */
  replaceFromFile(fileId: number, tags: Label[]): void {
    const removed = this.sql(`DELETE FROM file_tags WHERE file_id = ? AND source = 'file'`).run(fileId).changes;
    for (const tag of tags) this.add(tag, [fileId], 'file');
    // A tag can only have fallen out of use if this file lost one.
    if (removed > 0) this.forgetUnused();
  }

  /** Puts this auto-tag on exactly these files, in place of the files it was on. */
  replaceAuto(tag: Label, fileIds: number[]): void {
    const id = this.ensure(tag);
    this.sql(`DELETE FROM file_tags WHERE tag_id = ? AND source = 'auto'`).run(id);
    this.add(tag, fileIds, 'auto');
    this.forgetUnused();
  }

  /** Takes an auto-tag off every file. */
  removeAuto(tag: Label): void {
    this.sql(`DELETE FROM file_tags WHERE source = 'auto' AND tag_id = (SELECT id FROM tags WHERE folded = ?)`).run(
      tag.folded,
    );
    this.forgetUnused();
  }

  /** How many files carry this tag as an auto-tag. */
  autoCount(tag: Label): number {
    return (
      this.db
        .prepare(
          `SELECT count(*) AS n FROM file_tags ft JOIN tags t ON t.id = ft.tag_id WHERE t.folded = ? AND ft.source = 'auto'`,
        )
        .get(tag.folded) as { n: number }
    ).n;
  }

  private forgetUnused(): void {
    this.sql(`DELETE FROM tags WHERE NOT EXISTS (SELECT 1 FROM file_tags WHERE tag_id = tags.id)`).run();
  }

  /** A file's tags, by name. */
  of(fileId: number): ImageTag[] {
    return this.sql(
      `SELECT t.name AS tag, ft.source FROM file_tags ft JOIN tags t ON t.id = ft.tag_id
         WHERE ft.file_id = ? ORDER BY t.folded, ft.source`,
    ).all(fileId) as ImageTag[];
  }

  /** Every tag some file has, with how many files have it, by name. */
  counts(): TagCount[] {
    const rows = this.sql(
      `SELECT t.name AS tag, count(DISTINCT ft.file_id) AS count, max(ft.source = 'auto') AS auto
         FROM tags t JOIN file_tags ft ON ft.tag_id = t.id GROUP BY t.id ORDER BY t.folded`,
    ).all() as Array<{ tag: string; count: number; auto: number }>;
    return rows.map((r) => ({ tag: r.tag, count: r.count, auto: r.auto === 1 }));
  }
}
