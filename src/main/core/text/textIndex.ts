/**
 * Looking a query up in the catalog's text indexes (migrations 10 and 14):
 * words in the unicode61 index, Chinese, Japanese and Korean terms in the
 * trigram index, and those of one or two characters (too short for a
 * trigram) in the index of single characters and pairs. Ranked by BM25, a file's name, the text
 * read in it and its tags weighing most. Every phrase must appear, wherever
 * it is looked up; an excluded term must appear nowhere.
 */
import type { Db } from '../catalog/database';
import type { FileCondition } from '../organize/organizeFilter';
import { HAYSTACK, likePattern, type Lookup, lookups, matchExpression, sourceOf } from './textLookups';
import { ftsString, type TextQuery } from './textQuery';

export interface TextHit {
  fileId: number;
  path: string;
  width: number;
  height: number;
  format: string;
  contentKey: string;
  /** Higher is better; comparable only within one query. */
  score: number;
}

/** A condition every file meets: no condition at all. */
const TRIVIAL = '1';

/** A condition on `f.id`: the file holds every required term of this lookup. */
function holdsRequired(l: Lookup): FileCondition {
  if (l.source === 'substrings') {
    return {
      where: l.required
        .map(() => `EXISTS (SELECT 1 FROM file_texts x WHERE x.file_id = f.id AND ${HAYSTACK} LIKE ? ESCAPE '\\')`)
        .join(' AND '),
      params: l.required.map(likePattern),
    };
  }
  return {
    where: `f.id IN (SELECT rowid FROM ${l.source} WHERE ${l.source} MATCH ?)`,
    params: [l.required.map(ftsString).join(' AND ')],
  };
}

/** A condition on `f.id`: the file holds none of the excluded terms. */
function holdsNone(excluded: string[]): FileCondition {
  const parts: FileCondition[] = excluded.map((term) => {
    const source = sourceOf(term);
    return source === 'substrings'
      ? {
          where: `NOT EXISTS (SELECT 1 FROM file_texts x WHERE x.file_id = f.id AND ${HAYSTACK} LIKE ? ESCAPE '\\')`,
          params: [likePattern(term)],
        }
      : { where: `f.id NOT IN (SELECT rowid FROM ${source} WHERE ${source} MATCH ?)`, params: [ftsString(term)] };
  });
  return { where: parts.map((p) => p.where).join(' AND ') || TRIVIAL, params: parts.flatMap((p) => p.params) };
}

/** BM25 weights of name, folders, text in the image, prompt, tags, note. */
const WEIGHTS = '4.0, 1.5, 3.0, 1.5, 3.0, 1.0';

const fileColumns = `f.id AS fileId, f.path, f.width, f.height, f.format, f.content_key AS contentKey`;

/**
 * The query's best files in one index, ranked under these conditions. Without any, the index ranks
 * alone and only its best `depth` rows are joined to their files: joining first looked up the
 * file of every match, which for a word half the library holds cost a quarter of the time.
 */
function rankedSql(l: Lookup, conditions: FileCondition[], depth: number): { sql: string; params: unknown[] } {
  const where = conditions.map((c) => `(${c.where})`).join(' AND ') || TRIVIAL;
  const params = conditions.flatMap((c) => c.params);
  if (l.source === 'substrings') {
    const terms = [...l.required, ...l.optional];
    const any = l.required.length ? TRIVIAL : terms.map(() => `${HAYSTACK} LIKE ? ESCAPE '\\'`).join(' OR ');
    const score = terms.map(() => `(${HAYSTACK} LIKE ? ESCAPE '\\')`).join(' + ');
    return {
      sql: `SELECT ${fileColumns}, ${score} AS score FROM file_texts x JOIN files f ON f.id = x.file_id
        WHERE (${any}) AND ${where} ORDER BY score DESC, f.id LIMIT ?`,
      params: [...terms.map(likePattern), ...(l.required.length ? [] : terms.map(likePattern)), ...params, depth],
    };
  }
  const t = l.source;
  if (!conditions.length) {
    return {
      sql: `SELECT ${fileColumns}, r.score FROM (SELECT rowid AS id, -bm25(${t}, ${WEIGHTS}) AS score
        FROM ${t} WHERE ${t} MATCH ? ORDER BY score DESC, rowid LIMIT ?) r JOIN files f ON f.id = r.id`,
      params: [matchExpression(l), depth],
    };
  }
  return {
    sql: `SELECT ${fileColumns}, -bm25(${t}, ${WEIGHTS}) AS score
      FROM ${t} t JOIN files f ON f.id = t.rowid WHERE ${t} MATCH ? AND ${where} ORDER BY score DESC, f.id LIMIT ?`,
    params: [matchExpression(l), ...params, depth],
  };
}

/**
 * The files best matching the query, best first, up to `depth`, among those
 * meeting `filter` (a condition on `files` as `f`). A query looked up in more
 * than one index adds its scores.
 */
export function searchText(db: Db, q: TextQuery, depth: number, filter: FileCondition): TextHit[] {
  const all = lookups(q);
  const merged = new Map<number, TextHit>();
  for (const l of all) {
    const conditions = [
      filter,
      holdsNone(q.excluded),
      ...all.filter((o) => o !== l && o.required.length).map(holdsRequired),
    ];
    if (l.source === 'substrings' && l.required.length) conditions.push(holdsRequired(l));
    const ranked = rankedSql(
      l,
      conditions.filter((c) => c.where !== TRIVIAL),
      depth,
    );
    const rows = db.prepare(ranked.sql).all(...ranked.params) as TextHit[];
    for (const row of rows) {
      const seen = merged.get(row.fileId);
      if (seen) seen.score += row.score;
      else merged.set(row.fileId, row);
    }
  }
  return [...merged.values()].sort((a, b) => b.score - a.score || a.fileId - b.fileId).slice(0, depth);
}
