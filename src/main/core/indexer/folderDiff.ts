/**
 * One folder of a re-index: the files a scan found directly in it, set
 * against the catalog's stamps for it (name, size, time, whether it has a
 * vector), keeping only what differs, with the full rows of just those files.
 * Plain functions of their inputs, so the main thread and the scan workers
 * (scanThread.ts) run the same code.
 */
import fs from 'node:fs';
import { sep } from 'node:path';
import type { FolderRows, KnownTuple, Stamp } from '../catalog/folderRows';
import { addTime, type FolderSums } from '../catalog/folderScans';
import { reasonFor, type ScannedFile, scannedFile, type ScanProblem } from './scan';

/** A folder the walk read, whose files are still to be stat'ed and compared. */
export interface FolderJob {
  dir: string;
  /** The names of its regular files, not stat'ed yet. */
  names: string[];
  /** Its files reached through symbolic links, stat'ed by the walk. */
  linked: ScannedFile[];
  /** Whether the catalog holds files directly in it (else there is nothing to read). */
  catalogued: boolean;
  /** The catalog's sums for it, where its own time is the one remembered (folderScans.ts). */
  expected: FolderSums | null;
}

/** What a folder adds to the re-index. */
export interface FolderOutcome {
  dir: string;
  /** Files found in it. */
  scanned: number;
  /** Files the plan must look at: new, changed, or without a vector of the model. */
  files: ScannedFile[];
  /** The catalog's rows of those files, and of files no longer there. */
  known: KnownTuple[];
  /** Paths the catalog lists as skipped that are still there: their skip entries hold. */
  skippedSeen: string[];
  /** Files that could not be stat'ed (gone since the folder was read, unreadable). */
  problems: ScanProblem[];
  /** Whether the catalog's stamps of its files were read (not when its sums showed it unchanged). */
  stampsRead: boolean;
}

const baseOf = (dir: string) => (dir.endsWith(sep) ? dir : dir + sep);

/** Compares a folder's files, told one at a time in name order, with its stamps. */
class Differ {
  readonly outcome: FolderOutcome;
  private readonly byName = new Map<string, Stamp>();
  readonly base: string;

  constructor(
    dir: string,
    stamps: Stamp[],
    private readonly rows: FolderRows,
    private readonly skipped: ReadonlySet<string>,
    problems: ScanProblem[],
  ) {
    this.outcome = { dir, scanned: 0, files: [], known: [], skippedSeen: [], problems, stampsRead: false };
    this.base = baseOf(dir);
    for (const stamp of stamps) this.byName.set(stamp[0], stamp);
  }

  /** A file found: kept only if it is new, changed or without a vector. */
  found(name: string, full: string, size: number, mtimeMs: number, file: () => ScannedFile): void {
    this.outcome.scanned++;
    const stamp = this.byName.get(name);
    if (stamp) this.byName.delete(name);
    if (this.skipped.size && this.skipped.has(full)) this.outcome.skippedSeen.push(full);
    if (stamp && stamp[3] && stamp[1] === size && stamp[2] === mtimeMs) return;
    this.outcome.files.push(file());
    if (stamp) this.known(full);
  }

  /** The outcome, with the rows of the files the catalog has that were not found. */
  done(): FolderOutcome {
    for (const name of this.byName.keys()) this.known(this.base + name);
    return this.outcome;
  }

  private known(full: string): void {
    const row = this.rows.row(full);
    if (row) this.outcome.known.push(row);
  }
}

/** A file found in a folder, stat'ed. */
interface Found {
  name: string;
  full: string;
  size: number;
  mtimeMs: number;
  file: () => ScannedFile;
}

/** Whether the files found add up to what the catalog holds for the folder. */
function addsUp(found: Found[], expected: FolderSums): boolean {
  if (found.length !== expected.count) return false;
  let sizeSum = 0;
  let mtimeSum = 0;
  for (const f of found) {
    sizeSum += f.size;
    mtimeSum = addTime(mtimeSum, f.mtimeMs);
  }
  return sizeSum === expected.sizeSum && mtimeSum === expected.mtimeSum;
}

/**
 * Sets the files found in a folder against its stamps. `expected`: the catalog's sums for a folder
 * whose own time is the one remembered (folderScans.ts); files that add up to them are known
 * unchanged, and the stamps are not read.
 */
function compare(
  dir: string,
  found: Found[],
  expected: FolderSums | null,
  rows: FolderRows,
  skipped: ReadonlySet<string>,
  problems: ScanProblem[],
  catalogued: boolean,
): FolderOutcome {
  if (expected && addsUp(found, expected)) {
    const skippedSeen = skipped.size ? found.filter((f) => skipped.has(f.full)).map((f) => f.full) : [];
    return { dir, scanned: found.length, files: [], known: [], skippedSeen, problems, stampsRead: false };
  }
  const differ = new Differ(dir, catalogued ? rows.stamps(dir) : [], rows, skipped, problems);
  differ.outcome.stampsRead = catalogued;
  for (const f of found) differ.found(f.name, f.full, f.size, f.mtimeMs, f.file);
  return differ.done();
}

/** Sets a folder's files, stat'ed by the walk, against its stamps. */
export function diffFolder(
  dir: string,
  files: ScannedFile[],
  expected: FolderSums | null,
  rows: FolderRows,
  skipped: ReadonlySet<string>,
  catalogued: boolean,
): FolderOutcome {
  const cut = baseOf(dir).length;
  const found = files.map((f) => ({
    name: f.path.slice(cut),
    full: f.path,
    size: f.size,
    mtimeMs: f.mtimeMs,
    file: () => f,
  }));
  return compare(dir, found, expected, rows, skipped, [], catalogued);
}

/** Stats a job's files and sets them against its folder's stamps. */
export function runFolderJob(job: FolderJob, rows: FolderRows, skipped: ReadonlySet<string>): FolderOutcome {
  const problems: ScanProblem[] = [];
  const base = baseOf(job.dir);
  const found: Found[] = [];
  const stat = (name: string) => {
    const full = base + name;
    try {
      const s = fs.statSync(full);
      found.push({ name, full, size: s.size, mtimeMs: Math.trunc(s.mtimeMs), file: () => scannedFile(full, s) });
    } catch (err) {
      problems.push({ path: full, reason: reasonFor(err, 'file') });
    }
  };
  if (!job.linked.length) {
    for (const name of job.names) stat(name);
  } else {
    // In the order a walk that stat'ed as it went finds them: by name.
    const linked = new Map(job.linked.map((f) => [f.path.slice(base.length), f]));
    for (const name of [...job.names, ...linked.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      const f = linked.get(name);
      if (f) found.push({ name, full: f.path, size: f.size, mtimeMs: f.mtimeMs, file: () => f });
      else stat(name);
    }
  }
  return compare(job.dir, found, job.expected, rows, skipped, problems, job.catalogued);
}
