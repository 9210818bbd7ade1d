/**
 * Palettes in the catalog, one per content key: computed from pixels, so a
 * renamed, moved or copied file shares its palette and the same bytes are
 * never read twice for it.
 */
import type { PaletteColor } from '../../../shared/types';
import { labOfHex } from '../colors/lab';
import type { Db } from './database';
import { deleteOrphanRows } from './orphanRows';

/** A content whose palette is still to make, and one file that holds it. */
export interface PaletteTask {
  contentKey: string;
  path: string;
}

export interface PaletteRow {
  contentKey: string;
  colors: PaletteColor[];
  /** Why the image could not be read; its palette is then empty. */
  error?: string;
}

/** The palette as float32 (L, a, b, share) quadruples. */
function labBlob(colors: PaletteColor[]): Buffer {
  const out = new Float32Array(colors.length * 4);
  colors.forEach((c, i) => {
    const lab = labOfHex(c.hex);
    if (lab) out.set([lab.l, lab.a, lab.b, c.share], i * 4);
  });
  return Buffer.from(out.buffer);
}

export class PaletteRecords {
  constructor(private readonly db: Db) {}

  /**
   * Contents in the library with no palette of this version yet, at most `limit`; with `only`,
   * among those files alone (the ones written since the pass last finished).
   */
  missing(version: number, limit: number, only?: number[]): PaletteTask[] {
    const among = only ? 'AND f.id IN (SELECT value FROM json_each(@only))' : '';
    return this.db
      .prepare(
        `SELECT f.content_key AS contentKey, min(f.path) AS path FROM files f
         WHERE NOT EXISTS (SELECT 1 FROM image_palettes p WHERE p.content_key = f.content_key AND p.version = @version)
           ${among}
         GROUP BY f.content_key LIMIT @limit`,
      )
      .all({ version, limit, ...(only ? { only: JSON.stringify(only) } : {}) }) as PaletteTask[];
  }

  /** How many contents in the library have a palette of this version, and how many there are. */
  counts(version: number): { done: number; total: number } {
    return this.db
      .prepare(
        `SELECT count(DISTINCT f.content_key) AS total,
           count(DISTINCT CASE WHEN p.version = ? THEN f.content_key END) AS done
         FROM files f LEFT JOIN image_palettes p ON p.content_key = f.content_key`,
      )
      .get(version) as { done: number; total: number };
  }

  /** Writes palettes; the caller holds the transaction (one per batch). */
  put(version: number, rows: PaletteRow[]): void {
    const insert = this.db.prepare(
      `INSERT OR REPLACE INTO image_palettes (content_key, version, colors, lab, error, made_at) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    const now = Date.now();
    for (const row of rows) {
      insert.run(row.contentKey, version, JSON.stringify(row.colors), labBlob(row.colors), row.error ?? null, now);
    }
  }

  /** A stamp that changes whenever a palette is written or removed, so search can keep what it read. */
  stamp(): string {
    const { n, latest } = this.db.prepare(`SELECT count(*) AS n, max(made_at) AS latest FROM image_palettes`).get() as {
      n: number;
      latest: number | null;
    };
    return `${n}:${latest ?? 0}`;
  }

  /** Every palette as float32 (L, a, b, share) quadruples, for search. */
  searchable(): Array<{ key: string; lab: Buffer }> {
    return this.db.prepare(`SELECT content_key AS key, lab FROM image_palettes`).all() as Array<{
      key: string;
      lab: Buffer;
    }>;
  }

  /** The palette of a file of the library, or null when it is not in the library or has none yet. */
  ofPath(path: string): PaletteColor[] | null {
    const row = this.db
      .prepare(`SELECT p.colors FROM files f JOIN image_palettes p ON p.content_key = f.content_key WHERE f.path = ?`)
      .get(path) as { colors: string } | undefined;
    return row ? (JSON.parse(row.colors) as PaletteColor[]) : null;
  }

  /** Palettes of contents no file holds any more; given `lost` (passMarks.ts), among those keys alone. */
  deleteOrphans(lost?: readonly string[]): number {
    return deleteOrphanRows(this.db, 'image_palettes', lost);
  }
}
