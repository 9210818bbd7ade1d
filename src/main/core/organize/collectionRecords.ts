/** Collections in the catalog: named, ordered sets of files; a file can be in many. */
import type { BrowsePage, LibraryImage } from '../../../shared/browse';
import type { CollectionSummary } from '../../../shared/organize';
import type { Db } from '../catalog/database';
import type { Label } from './labels';

export class CollectionRecords {
  constructor(private readonly db: Db) {}

  /** The collection's id and display name, if it exists. */
  find(name: Label): { id: number; name: string } | undefined {
    return this.db.prepare(`SELECT id, name FROM collections WHERE folded = ?`).get(name.folded) as
      { id: number; name: string } | undefined;
  }

  create(name: Label): void {
    this.db
      .prepare(`INSERT INTO collections (name, folded, created_at) VALUES (?, ?, ?)`)
      .run(name.name, name.folded, Date.now());
  }

  /** Appends files not in the collection yet, in the order given; returns how many were added. */
  add(collectionId: number, fileIds: number[]): number {
    const last = this.db
      .prepare(`SELECT coalesce(max(position), -1) AS last FROM collection_items WHERE collection_id = ?`)
      .get(collectionId) as { last: number };
    const insert = this.db.prepare(
      `INSERT INTO collection_items (collection_id, file_id, position) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    let position = last.last;
    let added = 0;
    for (const file of fileIds) {
      if (insert.run(collectionId, file, position + 1).changes === 1) {
        position++;
        added++;
      }
    }
    return added;
  }

  rename(collectionId: number, name: Label): void {
    this.db
      .prepare(`UPDATE collections SET name = ?, folded = ? WHERE id = ?`)
      .run(name.name, name.folded, collectionId);
  }

  /** Forgets the collection; its images stay in the library. */
  delete(collectionId: number): void {
    this.db.prepare(`DELETE FROM collections WHERE id = ?`).run(collectionId);
  }

  /**
   * Puts these files (in the order given) just before `before`, or at the end when it is null.
   * Positions are renumbered 0..n-1 each time: a collection is small enough that this is cheap.
   */
  move(collectionId: number, fileIds: number[], before: number | null): void {
    const order = this.fileIds(collectionId);
    const moving = new Set(fileIds.filter((id) => order.includes(id)));
    const rest = order.filter((id) => !moving.has(id));
    const at = before === null ? rest.length : rest.indexOf(before);
    const next = [...rest.slice(0, at < 0 ? rest.length : at), ...moving, ...rest.slice(at < 0 ? rest.length : at)];
    const set = this.db.prepare(`UPDATE collection_items SET position = ? WHERE collection_id = ? AND file_id = ?`);
    next.forEach((file, i) => set.run(i, collectionId, file));
  }

  remove(collectionId: number, fileIds: number[]): number {
    const del = this.db.prepare(`DELETE FROM collection_items WHERE collection_id = ? AND file_id = ?`);
    return fileIds.reduce((n, file) => n + del.run(collectionId, file).changes, 0);
  }

  /** The collection's file ids, in its order. */
  fileIds(collectionId: number): number[] {
    return (
      this.db
        .prepare(`SELECT file_id FROM collection_items WHERE collection_id = ? ORDER BY position`)
        .all(collectionId) as Array<{ file_id: number }>
    ).map((r) => r.file_id);
  }

  /** A page of the collection's images, in its order, with the library's facts about each. */
  page(collectionId: number, limit: number, offset: number): BrowsePage {
    const { n: total } = this.db
      .prepare(`SELECT count(*) AS n FROM collection_items WHERE collection_id = ?`)
      .get(collectionId) as { n: number };
    const results = this.db
      .prepare(
        `SELECT f.path, f.width, f.height, f.format, f.size AS bytes, f.mtime_ms AS modifiedMs, f.added_at AS addedMs
         FROM collection_items ci JOIN files f ON f.id = ci.file_id
         WHERE ci.collection_id = ? ORDER BY ci.position LIMIT ? OFFSET ?`,
      )
      .all(collectionId, limit, offset) as LibraryImage[];
    return { total, results };
  }

  /** The paths in the collection, in its order. */
  paths(collectionId: number): string[] {
    const rows = this.db
      .prepare(
        `SELECT f.path FROM collection_items ci JOIN files f ON f.id = ci.file_id
         WHERE ci.collection_id = ? ORDER BY ci.position`,
      )
      .all(collectionId) as Array<{ path: string }>;
    return rows.map((r) => r.path);
  }

  list(): CollectionSummary[] {
    return this.db
      .prepare(
        `SELECT c.name, count(ci.file_id) AS count FROM collections c
         LEFT JOIN collection_items ci ON ci.collection_id = c.id GROUP BY c.id ORDER BY c.folded`,
      )
      .all() as CollectionSummary[];
  }

  /** The names of the collections a file is in. */
  of(fileId: number): string[] {
    const rows = this.db
      .prepare(
        `SELECT c.name FROM collection_items ci JOIN collections c ON c.id = ci.collection_id
         WHERE ci.file_id = ? ORDER BY c.folded`,
      )
      .all(fileId) as Array<{ name: string }>;
    return rows.map((r) => r.name);
  }
}
