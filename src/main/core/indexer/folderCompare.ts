/**
 * Compares a scan of a library folder with the catalog one folder at a time,
 * as the scan reads them, and keeps only what differs: the files that are new
 * or changed (or have no vector of the model yet), and the catalog's rows for
 * those and for files no longer found. A re-index of a million unchanged
 * files then holds nothing per file, and reads the catalog with one small
 * indexed query per folder instead of the whole root at once.
 */
import type { Catalog, KnownFile, KnownTuple, RootRow } from '../catalog/catalog';
import type { ScannedFile } from './scan';

function knownOf([path, contentKey, size, mtimeMs, embedded]: KnownTuple): KnownFile {
  return { path, contentKey, size, mtimeMs, embedded: embedded === 1 };
}

export class FolderCompare {
  /** Files the plan must look at. */
  readonly files: ScannedFile[] = [];
  /** The catalog's rows the plan must know: those of `files`, and those of files not found. */
  readonly known: KnownFile[] = [];
  /** Paths found on disk that the catalog lists as skipped: their skip entries still hold. */
  readonly skippedSeen = new Set<string>();
  scanned = 0;
  private readonly visited = new Set<string>();
  private readonly catalogued: Set<string>;
  private readonly skipped: Set<string>;

  constructor(
    private readonly catalog: Catalog,
    private readonly root: RootRow,
    private readonly modelId: string,
    /** Every file of the root is known to have a vector of the model (embeddedMark.ts). */
    private readonly allEmbedded = false,
  ) {
    this.catalogued = new Set(catalog.foldersAtOrBelow(root.path));
    this.skipped = new Set(catalog.skippedUnder(root.id).map((s) => s.path));
  }

  /** One folder the scan read, with the files directly in it. */
  readonly folder = (dir: string, files: ScannedFile[]): void => {
    this.scanned += files.length;
    this.visited.add(dir);
    const rows = this.catalogued.has(dir) ? this.rowsIn(dir) : [];
    const byPath = new Map<string, KnownTuple>();
    for (const row of rows) byPath.set(row[0], row);
    for (const file of files) {
      const row = byPath.get(file.path);
      byPath.delete(file.path);
      if (this.skipped.size && this.skipped.has(file.path)) this.skippedSeen.add(file.path);
      if (row && row[4] && row[2] === file.size && row[3] === file.mtimeMs) continue;
      this.files.push(file);
      if (row) this.known.push(knownOf(row));
    }
    for (const row of byPath.values()) this.known.push(knownOf(row));
  };

  private rowsIn(dir: string): KnownTuple[] {
    return this.catalog.rootFilesIn(this.root.id, dir, this.modelId, this.allEmbedded);
  }

  /**
   * The rows of folders the scan never reached (deleted, or moved away), after the scan: the plan
   * keeps those under a folder it could not read.
   */
  finish(): this {
    for (const dir of this.catalogued) {
      if (this.visited.has(dir)) continue;
      for (const row of this.rowsIn(dir)) this.known.push(knownOf(row));
    }
    return this;
  }
}
