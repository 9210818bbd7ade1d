/** Collections in the catalog: named, ordered sets of files; a file can be in many. */
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

  remove(collectionId: number, fileIds: number[]): number {
    const del = this.db.prepare(`DELETE FROM collection_items WHERE collection_id = ? AND file_id = ?`);
    return fileIds.reduce((n, file) => n + del.run(collectionId, file).changes, 0);
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
