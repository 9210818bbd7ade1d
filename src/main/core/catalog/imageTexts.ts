/**
 * The text read in images, one row per content key (a renamed or copied file
 * keeps it): the lines joined by newlines, the lines with their boxes and
 * confidences, the OCR model that read them, and why reading failed. A key
 * whose row is of another model counts as unread, so a model upgrade re-reads
 * lazily.
 */
import type { Db } from './database';
import { deleteOrphanRows } from './orphanRows';

export interface ImageTextLine {
  text: string;
  /** Four corners, clockwise from top left, in the image's pixels. */
  box: Array<[number, number]>;
  confidence: number;
}

export interface ImageText {
  contentKey: string;
  model: string;
  content: string;
  lines: ImageTextLine[];
  /** Why the image could not be read (it is still indexed visually); null when it was. */
  error: string | null;
  readAt: number;
}

export type NewImageText = Omit<ImageText, 'content' | 'readAt'>;

/** A content key to read, and one of the files that hold it. */
export interface UnreadImage {
  contentKey: string;
  path: string;
}

interface Row {
  contentKey: string;
  model: string;
  content: string;
  lines: string;
  error: string | null;
  readAt: number;
}

/** With `only`, a query looks at those files alone (the ones written since a pass last finished). */
const among = (only: number[] | undefined) => (only ? 'AND f.id IN (SELECT value FROM json_each(@only))' : '');
const onlyParam = (only: number[] | undefined) => (only ? { only: JSON.stringify(only) } : {});

export class ImageTexts {
  constructor(private readonly db: Db) {}

  /** Up to `limit` content keys under the roots with no text read by `model`, each with one of its paths. */
  unread(model: string, rootIds: number[], limit: number, only?: number[]): UnreadImage[] {
    if (rootIds.length === 0) return [];
    return this.db
      .prepare(
        `SELECT f.content_key AS contentKey, min(f.path) AS path FROM files f
         WHERE f.root_id IN (SELECT value FROM json_each(@roots)) ${among(only)}
           AND NOT EXISTS (SELECT 1 FROM image_texts t WHERE t.content_key = f.content_key AND t.model = @model)
         GROUP BY f.content_key ORDER BY f.content_key LIMIT @limit`,
      )
      .all({ roots: JSON.stringify(rootIds), model, limit, ...onlyParam(only) }) as UnreadImage[];
  }

  /** How many content keys under the roots `unread` would give. */
  unreadCount(model: string, rootIds: number[], only?: number[]): number {
    if (rootIds.length === 0) return 0;
    const { n } = this.db
      .prepare(
        `SELECT count(DISTINCT f.content_key) AS n FROM files f
         WHERE f.root_id IN (SELECT value FROM json_each(@roots)) ${among(only)}
           AND NOT EXISTS (SELECT 1 FROM image_texts t WHERE t.content_key = f.content_key AND t.model = @model)`,
      )
      .get({ roots: JSON.stringify(rootIds), model, ...onlyParam(only) }) as { n: number };
    return n;
  }

  /** How many contents have text read by `model` (kept by triggers: counting read every row). */
  countOf(model: string): number {
    return this.db
      .prepare(`SELECT coalesce((SELECT n FROM row_counts WHERE name = ?), 0)`)
      .pluck()
      .get(`texts@${model}`) as number;
  }

  /** Writes a batch of texts in one transaction: all of it is committed, or none. */
  putAll(texts: NewImageText[], readAt = Date.now()): void {
    const put = this.db.prepare(
      `INSERT OR REPLACE INTO image_texts (content_key, model, content, lines, error, read_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.db
      .transaction(() => {
        for (const t of texts) {
          const content = t.lines.map((l) => l.text).join('\n');
          put.run(t.contentKey, t.model, content, JSON.stringify(t.lines), t.error, readAt);
        }
      })
      .immediate();
  }

  of(contentKey: string): ImageText | null {
    const row = this.db
      .prepare(
        `SELECT content_key AS contentKey, model, content, lines, error, read_at AS readAt
         FROM image_texts WHERE content_key = ?`,
      )
      .get(contentKey) as Row | undefined;
    return row ? { ...row, lines: JSON.parse(row.lines) as ImageTextLine[] } : null;
  }

  /** Content keys in the library, and how many of them `model` has read (an error counts as read). */
  progress(model: string): { done: number; total: number } {
    return this.db
      .prepare(
        `SELECT
           coalesce(sum(EXISTS (SELECT 1 FROM image_texts t WHERE t.content_key = k.content_key AND t.model = ?)), 0) AS done,
           count(*) AS total
         FROM (SELECT DISTINCT content_key FROM files) k`,
      )
      .get(model) as { done: number; total: number };
  }

  /** Drops the texts of content no file holds any more; given `lost` (passMarks.ts), among those keys alone. */
  deleteOrphans(lost?: readonly string[]): number {
    return deleteOrphanRows(this.db, 'image_texts', lost);
  }
}
