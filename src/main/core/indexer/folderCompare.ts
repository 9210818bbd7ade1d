/**
 * Compares a scan of a library folder with the catalog one folder at a time,
 * as the scan reads them, and keeps only what differs: the files that are new
 * or changed (or have no vector of the model yet), and the catalog's rows for
 * those and for files no longer found. A re-index of a million unchanged
 * files then holds nothing per file, and reads the catalog with one small
 * indexed query per folder instead of the whole root at once. Each folder is
 * compared here (`folder`) or, in a large library, on a scan worker whose
 * outcome is taken as it comes back (`take`, scanPool.ts).
 */
import type { Catalog, KnownFile, KnownTuple, RootRow } from '../catalog/catalog';
import type { FolderRows, FolderRowsScope } from '../catalog/folderRows';
import { type FolderFact, folderFacts, type FolderSums, recordFolderScans } from '../catalog/folderScans';
import { diffFolder, type FolderOutcome } from './folderDiff';
import type { ScannedFile, ScanProblem } from './scan';

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
  /** Files the folders' workers could not stat. */
  readonly problems: ScanProblem[] = [];
  scanned = 0;
  /** Folders whose files' stamps were read: those not known unchanged by their sums. */
  foldersRead = 0;
  private readonly visited = new Set<string>();
  /** Folders holding catalogued files directly. */
  readonly catalogued: Set<string>;
  /** How many files the catalog holds under the root. */
  readonly cataloguedFiles: number;
  /** Paths under the root the catalog lists as skipped. */
  readonly skipped: Set<string>;
  readonly scope: FolderRowsScope;
  /** The catalog's stamps of a folder's files, and single rows. */
  readonly rows: FolderRows;

  /** The folders a complete re-index last found, where every file has a vector (folderScans.ts). */
  private readonly facts: Map<string, FolderFact>;
  /** Each folder's own time, as this scan found it. */
  private readonly found = new Map<string, number>();

  constructor(
    private readonly catalog: Catalog,
    private readonly root: RootRow,
    modelId: string,
    /** Every file of the root is known to have a vector of the model (embeddedMark.ts). */
    allEmbedded = false,
  ) {
    this.scope = { rootId: root.id, modelId, allEmbedded };
    this.rows = catalog.folderRows(this.scope);
    this.catalogued = new Set(catalog.foldersAtOrBelow(root.path));
    this.cataloguedFiles = catalog.fileCountAtOrBelow(root.path);
    this.skipped = new Set(catalog.skippedUnder(root.id).map((s) => s.path));
    // A folder's sums say nothing of its files' vectors: only where all have one is a folder known by them.
    this.facts = allEmbedded ? folderFacts(catalog.db, root.path) : new Map<string, FolderFact>();
  }

  /**
   * A folder the walk read, with its own time: the catalog's sums for it, to compare its files
   * with before reading its rows, where its time is the one remembered.
   */
  expectedOf(dir: string, dirMtimeMs: number): FolderSums | null {
    this.found.set(dir, dirMtimeMs);
    const fact = this.facts.get(dir);
    return fact && fact.scannedMtimeMs === dirMtimeMs ? fact : null;
  }

  /** Remembers the folders of this scan, once the run that made it is complete (folderScans.ts). */
  remember(startedAt: number): void {
    recordFolderScans(this.catalog.db, this.root.path, this.found, startedAt);
  }

  /** One folder the scan read, with the files directly in it. */
  readonly folder = (dir: string, files: ScannedFile[], dirMtimeMs: number): void => {
    const expected = this.expectedOf(dir, dirMtimeMs);
    this.take(diffFolder(dir, files, expected, this.rows, this.skipped, this.catalogued.has(dir)));
  };

  /** One folder compared elsewhere. */
  take(outcome: FolderOutcome): void {
    this.scanned += outcome.scanned;
    if (outcome.stampsRead) this.foldersRead++;
    this.visited.add(outcome.dir);
    for (const file of outcome.files) this.files.push(file);
    for (const row of outcome.known) this.known.push(knownOf(row));
    for (const path of outcome.skippedSeen) this.skippedSeen.add(path);
    for (const problem of outcome.problems) this.problems.push(problem);
  }

  private rowsIn(dir: string): KnownTuple[] {
    const { rootId, modelId, allEmbedded } = this.scope;
    return this.catalog.rootFilesIn(rootId, dir, modelId, allEmbedded);
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
