/**
 * The uploads folder as the API uses it: stores an upload and then prunes the
 * folder, marks an upload used whenever a search or a generation reads it, and
 * prunes once when the library opens (see uploadRetention.ts for what is kept).
 */
import type { UploadedImage } from '../../../shared/types';
import { queriesDir, storeQueryImage } from './queryImages';
import { DEFAULT_RETENTION, markUsed, pruneUploads, type RetentionPolicy, uploadDirs } from './uploadRetention';

export class QueryUploads {
  private readonly dir: string;

  /** `inUse` lists the files unfinished generation jobs name: they stay, however old. */
  constructor(
    private readonly dataDir: string,
    private readonly inUse: () => string[],
    private readonly policy: RetentionPolicy = DEFAULT_RETENTION,
  ) {
    this.dir = queriesDir(dataDir);
  }

  async store(name: string, base64: string): Promise<UploadedImage> {
    const uploaded = await storeQueryImage(this.dataDir, name, base64);
    this.prune();
    return uploaded;
  }

  /** Marks `file` used if it is an upload, and hands it back (for use inline after an access check). */
  used(file: string): string {
    markUsed(uploadDirs(this.dir), file);
    return file;
  }

  prune(): number {
    return pruneUploads(this.dir, this.inUse(), this.policy);
  }
}
