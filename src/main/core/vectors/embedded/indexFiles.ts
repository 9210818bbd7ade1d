/**
 * Where one model's embedded store lives on disk, and the sidecar that says
 * whether an index file can be trusted. The index is derived data: any doubt
 * (missing, truncated, garbage, written for other rows) means "rebuild", never
 * "load and hope", because a native index read from a damaged file can crash
 * the process rather than throw.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { type ExpectedLayout, indexLayoutFits } from './indexLayout';

/** The files of one model: `<model>.db` (entries), `<model>.usearch` (HNSW), `<model>.json` (sidecar). */
export interface SpaceFiles {
  db: string;
  index: string;
  sidecar: string;
}

/** Model ids become file names; anything unusual is replaced, with a hash so two ids never share files. */
export function spaceFiles(dir: string, modelId: string): SpaceFiles {
  const safe = modelId.replace(/[^A-Za-z0-9._-]/g, '_');
  const stem = safe === modelId ? safe : `${safe}-${zlib.crc32(modelId).toString(16)}`;
  const base = path.join(dir, stem);
  return { db: `${base}.db`, index: `${base}.usearch`, sidecar: `${base}.json` };
}

/** What an index file reflects, written after the file itself. */
export interface Sidecar {
  version: 1;
  model: string;
  dim: number;
  quantization: string;
  /** The entry table the index was built from (a new table gets a new id). */
  tableId: string;
  /** Entries in the index. */
  count: number;
  /** The highest entry key added: later keys are applied on load. */
  lastKey: number;
  /** The last removal applied: later removals are applied on load. */
  lastRemoved: number;
  bytes: number;
  crc32: number;
  /** The file as its writer left it (see `FileStamp`); absent in sidecars of older versions. */
  stamp?: FileStamp;
}

/**
 * Which file an index is, and whether it changed since: its inode survives the rename into place
 * and its modification time any rewrite. A file whose stamp is the one its writer recorded is the
 * file that writer checksummed, so opening it need not read it whole to checksum it again.
 */
export interface FileStamp {
  ino: string;
  mtimeNs: string;
}

function stampOf(stat: fs.BigIntStats): FileStamp {
  return { ino: String(stat.ino), mtimeNs: String(stat.mtimeNs) };
}

export function fileStamp(file: string): FileStamp | null {
  try {
    return stampOf(fs.statSync(file, { bigint: true }));
  } catch {
    return null;
  }
}

export function sameStamp(a: FileStamp | null | undefined, b: FileStamp | null | undefined): boolean {
  return !!a && !!b && a.ino === b.ino && a.mtimeNs === b.mtimeNs;
}

/** CRC-32 of a whole open file, read in slices so a large index costs no memory. */
function checksumOf(fd: number): number {
  const buf = Buffer.allocUnsafe(8 << 20);
  let crc = 0;
  for (let at = 0; ;) {
    const n = fs.readSync(fd, buf, 0, buf.length, at);
    if (n === 0) return crc;
    crc = zlib.crc32(buf.subarray(0, n), crc);
    at += n;
  }
}

export function fileChecksum(file: string): number {
  const fd = fs.openSync(file, 'r');
  try {
    return checksumOf(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function readSidecar(file: string): Sidecar | null {
  try {
    const value = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Sidecar>;
    return value.version === 1 ? (value as Sidecar) : null;
  } catch {
    return null;
  }
}

/** A file found to be the index its sidecar describes. */
export interface VerifiedFile {
  stamp: FileStamp;
  /** It was read whole to checksum it (its stamp was not the sidecar's): worth recording the stamp. */
  checksummed: boolean;
}

/**
 * The file's stamp when it is the index the sidecar describes: the same size, and the stamp its
 * writer recorded or else the same checksum; and, when `layout` is given, laid out as an index of
 * that shape. So a truncated, overwritten or half-written file is caught before the native code
 * sees it. All from one open file, so a file renamed into place meanwhile is not half-checked.
 */
export function verifiedIndexFile(file: string, sidecar: Sidecar, layout?: ExpectedLayout): VerifiedFile | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const stat = fs.fstatSync(fd, { bigint: true });
    if (Number(stat.size) !== sidecar.bytes) return null;
    const stamp = stampOf(stat);
    const checksummed = !sameStamp(stamp, sidecar.stamp);
    if (checksummed && checksumOf(fd) !== sidecar.crc32) return null;
    if (layout && !indexLayoutFits(fd, layout)) return null;
    return { stamp, checksummed };
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

/** True when the index file is the one the sidecar describes (see `verifiedIndexFile`). */
export function indexFileMatches(file: string, sidecar: Sidecar): boolean {
  return verifiedIndexFile(file, sidecar) !== null;
}

/** Flushes a file to the disk, so a rename that follows cannot expose a half-written one. */
export function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A temporary beside `file` that no other writer names: the app, `atelier serve` and CLI commands
 * may save the same index at once, and a shared name would let one rename the other's half-written file.
 */
export function tempFile(file: string): string {
  return `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
}

/** The temporaries left beside `file` (by a crash, or by another writer now); an older version's `.tmp` too. */
export function tempFilesOf(file: string): string[] {
  const base = path.basename(file);
  const ours = (name: string) =>
    name === `${base}.tmp` || (name.startsWith(`${base}.`) && /^\d+-[0-9a-f]+\.tmp$/.test(name.slice(base.length + 1)));
  let names: string[];
  try {
    names = fs.readdirSync(path.dirname(file));
  } catch {
    return [];
  }
  return names.filter(ours).map((n) => path.join(path.dirname(file), n));
}

/** Whether the process that named a temporary may still be writing it. */
function writerAlive(tmp: string): boolean {
  const pid = Number(/\.(\d+)-[0-9a-f]+\.tmp$/.exec(tmp)?.[1]);
  if (!pid || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Writes the sidecar whole or not at all: a temporary beside it, flushed, then renamed over. */
export function writeSidecar(file: string, sidecar: Sidecar): void {
  const tmp = tempFile(file);
  try {
    fs.writeFileSync(tmp, JSON.stringify(sidecar, null, 2));
    syncFile(tmp);
    fs.renameSync(tmp, file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/**
 * Removes the index and its sidecar (a reset, or files that failed their check), with the
 * temporaries of writers gone; a live writer's temporary is its own to finish or remove.
 */
export function removeIndexFiles(files: SpaceFiles): void {
  const temps = [...tempFilesOf(files.index), ...tempFilesOf(files.sidecar)].filter((f) => !writerAlive(f));
  for (const f of [files.index, files.sidecar, ...temps]) fs.rmSync(f, { force: true });
}
