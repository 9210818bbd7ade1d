/**
 * Every image generation made, newest first, with its prompt and model: the
 * gallery. An output is shown where it is now (a renamed or moved output is
 * found by its content), and a filter matches words of the prompt or the model.
 */
import type { GalleryImage, GalleryPage } from '../../../shared/generation';
import type { Db } from './database';

export interface GalleryQuery {
  /** Words that must all appear in the prompt or the model's name, in any case. */
  filter?: string;
  limit: number;
  offset: number;
}

interface Row {
  path: string;
  width: number | null;
  height: number | null;
  format: string | null;
  prompt: string;
  model: string;
  jobId: string;
  createdAt: number;
}

const escapeLike = (word: string) => word.replace(/[\\%_]/g, (c) => `\\${c}`);

export function galleryPage(db: Db, query: GalleryQuery): GalleryPage {
  const words = (query.filter ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const where = words.map(() => `(lower(g.prompt) LIKE ? ESCAPE '\\' OR lower(g.model) LIKE ? ESCAPE '\\')`);
  const args = words.flatMap((w) => [`%${escapeLike(w)}%`, `%${escapeLike(w)}%`]);
  const source = `
    WITH g AS (
      SELECT o.id, o.created_at AS createdAt, o.job_id AS jobId,
        json_extract(j.request, '$.prompt') AS prompt,
        json_extract(j.request, '$.params.model') AS model,
        coalesce(
          (SELECT f.path FROM files f WHERE f.path = o.path AND f.content_key = o.content_key),
          (SELECT min(f.path) FROM files f WHERE f.content_key = o.content_key),
          o.path) AS path,
        o.content_key AS contentKey
      FROM generation_outputs o JOIN generation_jobs j ON j.id = o.job_id
    )`;
  const filtered = `FROM g ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
  const { total } = db.prepare(`${source} SELECT count(*) AS total ${filtered}`).get(...args) as { total: number };
  const rows = db
    .prepare(
      `${source} SELECT g.path, g.prompt, g.model, g.jobId, g.createdAt, f.width, f.height, f.format
       ${filtered.replace('FROM g', 'FROM g LEFT JOIN files f ON f.path = g.path AND f.content_key = g.contentKey')}
       ORDER BY g.createdAt DESC, g.id DESC LIMIT ? OFFSET ?`,
    )
    .all(...args, query.limit, query.offset) as Row[];
  return { total, images: rows.map(toImage) };
}

function toImage(row: Row): GalleryImage {
  return {
    path: row.path,
    width: row.width ?? 0,
    height: row.height ?? 0,
    format: row.format ?? /\.([a-z0-9]+)$/i.exec(row.path)?.[1]?.toLowerCase() ?? '',
    prompt: row.prompt,
    model: row.model,
    jobId: row.jobId,
    createdAt: row.createdAt,
  };
}
