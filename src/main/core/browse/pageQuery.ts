/**
 * The SQL of a page of the library. Each sort reads an index of its key (and
 * the row id every index entry holds), so the first page and deep pages walk
 * the index alone: the ids of the page first (OFFSET skips index entries, not
 * table rows), then only their rows.
 */
import type { BrowseSort, LibraryImage, SortOrder } from '../../../shared/browse';
import type { Db } from '../catalog/database';

/**
 * A shuffle as arithmetic on the row id: a multiplicative hash, mixed with the
 * seed by XOR (SQLite has none: (a | b) - (a & b)) and hashed again. Any seed
 * gives a different order, and the same seed the same one. No index can hold
 * it: it is a sort of the ids, read from the narrowest index.
 */
const HASH = '((id * 2654435761) & 2147483647)';
const SHUFFLED = `((((${HASH} | @seed) - (${HASH} & @seed)) * 1103515245) & 2147483647)`;

const SORT_KEYS: Record<Exclude<BrowseSort, 'random'>, { key: string; index: string }> = {
  added: { key: 'added_at', index: 'files_by_added' },
  modified: { key: 'mtime_ms', index: 'files_by_modified' },
  size: { key: 'size', index: 'files_by_size' },
  name: { key: 'name COLLATE NOCASE', index: 'files_by_name' },
};

/**
 * Above this share of the library, a folder's page walks the sort's index and
 * skips other folders' files (each looked up by id for its path); below it,
 * reading the folder's range of paths and sorting that is quicker.
 */
const LARGE_FOLDER_SHARE = 0.1;

/** The ORDER BY of a sort; ties are broken by id, which each index also holds. */
export function orderBy(sort: BrowseSort, order: SortOrder): string {
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  if (sort === 'random') return `${SHUFFLED} ${dir}, id ${dir}`;
  return `${SORT_KEYS[sort].key} ${dir}, id ${dir}`;
}

/** Files whose path lies in [from, to): a folder's files are one range of paths. */
export interface PathRange {
  from: string;
  to: string;
}

export interface PageRequest {
  range: PathRange | null;
  sort: BrowseSort;
  order: SortOrder;
  seed: number;
  limit: number;
  offset: number;
}

const RANGE = 'path >= @from AND path < @to';

/**
 * The statement that lists a page's ids (also for EXPLAIN QUERY PLAN). `viaSortIndex` makes a
 * folder's page walk the sort's index: SQLite's planner, without statistics, would take the
 * folder's range of paths and sort it, which for a folder of most of the library is the slow way.
 */
export function pageIdsSql(
  scoped: boolean,
  sort: BrowseSort,
  order: SortOrder,
  viaSortIndex = false,
  withoutHidden = false,
): string {
  const from = viaSortIndex && sort !== 'random' ? `files INDEXED BY ${SORT_KEYS[sort].index}` : 'files';
  const conditions = [...(scoped ? [RANGE] : []), ...(withoutHidden ? [NOT_HIDDEN] : [])];
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  return `SELECT id FROM ${from} ${where} ORDER BY ${orderBy(sort, order)} LIMIT @limit OFFSET @offset`;
}

/**
 * Files stacked behind a cover stay out of every page. Checked per row while the sort's index is
 * walked: the subquery's few ids are gathered once, so a page still reads the index alone.
 */
const NOT_HIDDEN = 'id NOT IN (SELECT file_id FROM stack_members WHERE file_id <> cover_id)';

/** How many of the files in `range` (or of all) are hidden behind a cover. */
function hiddenCount(db: Db, range: PathRange | null): number {
  const sql = `SELECT count(*) AS n FROM stack_members s JOIN files f ON f.id = s.file_id
    WHERE s.file_id <> s.cover_id ${range ? 'AND f.path >= @from AND f.path < @to' : ''}`;
  return (db.prepare(sql).get(range ?? {}) as { n: number }).n;
}

const rowsSql = `SELECT id, path, width, height, format, size AS bytes, mtime_ms AS modifiedMs, added_at AS addedMs
  FROM files WHERE id IN (SELECT value FROM json_each(@ids))`;

/** The page and the total, read in one transaction so they agree. */
export function readPage(db: Db, request: PageRequest): { total: number; results: LibraryImage[] } {
  const { range, sort, order, seed, limit, offset } = request;
  const params = { ...(range ?? {}), seed, limit, offset };
  return db.transaction(() => {
    const all = fileCount(db);
    const inRange = range ? filesInRange(db, range) : all;
    // A folder that holds the whole library (its one library folder, say) is read as the whole
    // library: a deep page then skips index entries without comparing each one's path.
    const scoped = range !== null && inRange < all;
    const large = scoped && inRange > LARGE_FOLDER_SHARE * all;
    const hidden = hiddenCount(db, scoped ? range : null);
    const total = inRange - hidden;
    const sql = pageIdsSql(scoped, sort, order, large, hidden > 0);
    const ids = (db.prepare(sql).all(params) as Array<{ id: number }>).map((r) => r.id);
    const rows = db.prepare(rowsSql).all({ ids: JSON.stringify(ids) }) as Array<LibraryImage & { id: number }>;
    const byId = new Map(rows.map(({ id, ...image }) => [id, image]));
    return { total, results: ids.flatMap((id) => byId.get(id) ?? []) };
  })();
}

/** Counted from the catalog's count per directory (a row per directory, not per file). */
function fileCount(db: Db): number {
  return (db.prepare(`SELECT coalesce(sum(count), 0) AS n FROM folder_counts`).get() as { n: number }).n;
}

/** The files of a folder and its subfolders: its own directory's count and those of the directories in its range. */
function filesInRange(db: Db, range: PathRange): number {
  const dir = range.from.slice(0, -1);
  return (
    db
      .prepare(
        `SELECT coalesce(sum(count), 0) AS n FROM folder_counts WHERE dir = @dir OR (dir >= @from AND dir < @to)`,
      )
      .get({ ...range, dir }) as { n: number }
  ).n;
}

/** How many files each directory holds directly. */
export function directoryCounts(db: Db): Array<{ dir: string; count: number }> {
  return db.prepare(`SELECT dir, count FROM folder_counts`).all() as Array<{ dir: string; count: number }>;
}

/** A condition on `files` aliased `f`, with its positional parameters (the organize filters). */
export interface PageCondition {
  where: string;
  params: Array<string | number>;
}

/**
 * A page of the files that also meet `condition`. The condition decides which rows count, so the
 * page is read by SQLite's own plan rather than walking a sort index: filtered views are small.
 */
export function readFilteredPage(
  db: Db,
  request: PageRequest,
  condition: PageCondition,
): { total: number; results: LibraryImage[] } {
  const { range, sort, order, seed, limit, offset } = request;
  const where = `WHERE ${range ? 'f.path >= ? AND f.path < ? AND ' : ''}(${condition.where}) AND f.${NOT_HIDDEN}`;
  const params = [...(range ? [range.from, range.to] : []), ...condition.params];
  // The seed is a checked integer: written into the SQL, so every parameter stays positional.
  const orderSql = orderBy(sort, order).replaceAll('@seed', String(Math.trunc(seed)));
  return db.transaction(() => {
    const { n: total } = db.prepare(`SELECT count(*) AS n FROM files f ${where}`).get(...params) as { n: number };
    const ids = (
      db
        .prepare(`SELECT f.id FROM files f ${where} ORDER BY ${orderSql} LIMIT ? OFFSET ?`)
        .all(...params, limit, offset) as Array<{ id: number }>
    ).map((r) => r.id);
    const rows = db.prepare(rowsSql).all({ ids: JSON.stringify(ids) }) as Array<LibraryImage & { id: number }>;
    const byId = new Map(rows.map(({ id, ...image }) => [id, image]));
    return { total, results: ids.flatMap((id) => byId.get(id) ?? []) };
  })();
}
