/**
 * Stacks in the catalog: a cover and the images hidden behind it. A stack is
 * named by its cover's file id (migration 22); every member has a row, the
 * cover too. Browse and search read from here which files to leave out and
 * which of their results are covers.
 */
import type { Db } from './database';

/** A condition on `files` aliased `f`, with its positional parameters. */
interface HiddenCondition {
  where: string;
  params: Array<string | number>;
}

/** Files stacked behind another: `f.id` is not one of them. */
const NOT_HIDDEN = `f.id NOT IN (SELECT file_id FROM stack_members WHERE file_id <> cover_id)`;

export class StackRecords {
  constructor(private readonly db: Db) {}

  /** The cover of the stack a file is in, if it is in one. */
  coverOf(fileId: number): number | undefined {
    const row = this.db.prepare(`SELECT cover_id FROM stack_members WHERE file_id = ?`).get(fileId) as
      { cover_id: number } | undefined;
    return row?.cover_id;
  }

  /**
   * Makes one stack of these files under `cover`; a file already stacked brings its whole stack,
   * which this one takes in.
   */
  stack(cover: number, fileIds: readonly number[]): void {
    const members = new Set<number>([cover]);
    for (const id of [cover, ...fileIds]) {
      const current = this.coverOf(id);
      if (current === undefined) members.add(id);
      else for (const member of this.memberIds(current)) members.add(member);
    }
    const put = this.db.prepare(
      `INSERT INTO stack_members (file_id, cover_id, added_at) VALUES (?, ?, ?)
       ON CONFLICT(file_id) DO UPDATE SET cover_id = excluded.cover_id`,
    );
    const now = Date.now();
    for (const id of members) put.run(id, cover, now);
  }

  /** Dissolves the stack under `cover`; returns how many images it held. */
  unstack(cover: number): number {
    return this.db.prepare(`DELETE FROM stack_members WHERE cover_id = ?`).run(cover).changes;
  }

  /** The stack's file ids, the cover first, then the others by path. */
  memberIds(cover: number): number[] {
    const rows = this.db
      .prepare(
        `SELECT s.file_id AS id FROM stack_members s JOIN files f ON f.id = s.file_id
         WHERE s.cover_id = ? ORDER BY s.file_id <> s.cover_id, f.path`,
      )
      .all(cover) as Array<{ id: number }>;
    return rows.map((r) => r.id);
  }

  /** Whether any file is hidden behind a cover. */
  any(): boolean {
    return this.db.prepare(`SELECT 1 FROM stack_members LIMIT 1`).get() !== undefined;
  }

  /** The files a listing leaves out, as a condition on `files f`; null when nothing is stacked. */
  visibleCondition(): HiddenCondition | null {
    return this.any() ? { where: NOT_HIDDEN, params: [] } : null;
  }

  /** The paths of the files hidden behind a cover. */
  hiddenPaths(): Set<string> {
    const rows = this.db
      .prepare(`SELECT f.path FROM stack_members s JOIN files f ON f.id = s.file_id WHERE s.file_id <> s.cover_id`)
      .raw()
      .all() as Array<[string]>;
    return new Set(rows.map(([p]) => p));
  }

  /** Of these paths, the covers, each with how many images its stack hides. */
  hiddenCounts(paths: readonly string[]): Map<string, number> {
    if (paths.length === 0 || !this.any()) return new Map();
    const rows = this.db
      .prepare(
        `SELECT f.path, (SELECT count(*) - 1 FROM stack_members o WHERE o.cover_id = s.file_id) AS n
         FROM files f JOIN stack_members s ON s.file_id = f.id AND s.cover_id = f.id
         WHERE f.path IN (SELECT value FROM json_each(?))`,
      )
      .raw()
      .all(JSON.stringify(paths)) as Array<[string, number]>;
    return new Map(rows);
  }

  /** Each stack as its cover's path and its members' paths (the cover first). */
  stacksByPath(): Map<string, string[]> {
    const rows = this.db
      .prepare(
        `SELECT c.path AS cover, f.path FROM stack_members s
         JOIN files f ON f.id = s.file_id JOIN files c ON c.id = s.cover_id
         ORDER BY s.cover_id, s.file_id <> s.cover_id, f.path`,
      )
      .raw()
      .all() as Array<[string, string]>;
    const stacks = new Map<string, string[]>();
    for (const [cover, member] of rows) {
      const list = stacks.get(cover);
      if (list) list.push(member);
      else stacks.set(cover, [member]);
    }
    return stacks;
  }
}

/** Puts `stack: {count}` on the results that are covers; the others are returned as they are. */
export function withStacks<T extends { path: string }>(
  records: StackRecords,
  results: readonly T[],
): Array<T & { stack?: { count: number } }> {
  const counts = records.hiddenCounts(results.map((r) => r.path));
  if (counts.size === 0) return [...results];
  return results.map((r) => {
    const count = counts.get(r.path);
    return count === undefined ? r : { ...r, stack: { count } };
  });
}
