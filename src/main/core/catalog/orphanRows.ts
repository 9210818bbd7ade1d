/**
 * Deletes the rows a table keeps per content (`content_key`) for contents no
 * file holds any more: the texts read and the palettes made. Given `lost`
 * (the keys files stopped holding, passMarks.ts), among those keys alone;
 * else through the whole table.
 */
import type { Db } from './database';

export function deleteOrphanRows(db: Db, table: 'image_texts' | 'image_palettes', lost?: readonly string[]): number {
  const noFile = `NOT EXISTS (SELECT 1 FROM files f WHERE f.content_key = ${table}.content_key)`;
  if (!lost) return db.prepare(`DELETE FROM ${table} WHERE ${noFile}`).run().changes;
  if (lost.length === 0) return 0;
  return db
    .prepare(`DELETE FROM ${table} WHERE content_key IN (SELECT value FROM json_each(?)) AND ${noFile}`)
    .run(JSON.stringify(lost)).changes;
}
