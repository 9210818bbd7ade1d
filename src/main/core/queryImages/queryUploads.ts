/**
 * The uploads folder as the API uses it: stores an upload and then prunes the
 * folder, marks an upload used whenever a search or a generation reads it, and
 * prunes once when the library opens (see uploadRetention.ts for what is kept).
 * Uploads are part of the library like generated images: each stored upload is
 * indexed in the background, and each pruned one leaves the catalog at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { UploadedImage } from '../../../shared/types';
import { queriesDir, storeQueryImage } from './queryImages';
import {
  DEFAULT_RETENTION,
  markUsed,
  pruneUploads,
  type RetentionPolicy,
  uploadDirs,
  uploadEntry,
} from './uploadRetention';

/** What the uploads folder asks of the library. */
export interface UploadsLibrary {
  /** Indexes the uploads folder (as generated images are indexed); may decline, without a model at hand. */
  index(dir: string): Promise<unknown>;
  /** Forgets the catalog's rows of removed uploads (a file, or a folder of an older version). */
  forget(entry: string): void;
}

export class QueryUploads {
  private readonly dir: string;
  /** The index of the folder in progress, and whether another upload came in during it. */
  private indexing: Promise<void> | null = null;
  private again = false;

  /** `inUse` lists the files unfinished generation jobs name: they stay, however old. */
  constructor(
    private readonly dataDir: string,
    private readonly inUse: () => string[],
    private readonly policy: RetentionPolicy = DEFAULT_RETENTION,
    private readonly library: UploadsLibrary | null = null,
  ) {
    this.dir = queriesDir(dataDir);
  }

  async store(name: string, base64: string): Promise<UploadedImage> {
    const uploaded = await storeQueryImage(this.dataDir, name, base64);
    this.prune();
    this.indexSoon();
    return uploaded;
  }

  /** Marks `file` used if it is an upload, and hands it back (for use inline after an access check). */
  used(file: string): string {
    markUsed(uploadDirs(this.dir), file);
    return file;
  }

  /**
   * Which results are the uploads among `examples`, or null when none is: an upload searched by is
   * in the library too, and nearest to itself. Compared by their entry in the uploads folder, as
   * the folder may be reached through a link.
   */
  ownUploads(examples: readonly string[]): ((file: string) => boolean) | null {
    const dirs = uploadDirs(this.dir);
    const entries = examples.map((f) => uploadEntry(dirs, f)).filter((e): e is string => e !== null);
    if (entries.length === 0) return null;
    const names = new Set(entries.map((e) => path.basename(e)));
    return (file) => {
      const entry = uploadEntry(dirs, file);
      return entry !== null && names.has(path.basename(entry));
    };
  }

  prune(): number {
    const removed = pruneUploads(this.dir, this.inUse(), this.policy);
    for (const entry of removed) this.library?.forget(entry);
    return removed.length;
  }

  /**
   * Indexes the uploads kept so far, if there are any: the app calls it when a model becomes
   * available (installed, imported, switched to), as uploads made without one wait for it.
   */
  catchUp(): void {
    let kept: string[];
    try {
      kept = fs.readdirSync(this.dir);
    } catch {
      return; // nothing uploaded yet
    }
    if (kept.length > 0) this.indexSoon();
  }

  /** Resolves when the uploads stored so far are indexed (or their indexing failed). */
  async settled(): Promise<void> {
    while (this.indexing) await this.indexing;
  }

  /**
   * One index of the folder at a time: uploads that come in during one are taken by one more run
   * after it, rather than each starting its own scan of the same folder.
   */
  private indexSoon(): void {
    const library = this.library;
    if (!library) return;
    if (this.indexing) {
      this.again = true;
      return;
    }
    const run = async (): Promise<void> => {
      do {
        this.again = false;
        // A failure (no model, the catalog closed) leaves the upload unindexed: the next upload, or a
        // model becoming available (catchUp), tries again.
        await library.index(this.dir).catch(() => undefined);
      } while (this.again);
    };
    this.indexing = run().finally(() => (this.indexing = null));
  }
}
