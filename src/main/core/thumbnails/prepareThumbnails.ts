/**
 * The grid's thumbnails made while indexing, so a folder opens on pictures
 * rather than on placeholders waiting for their first render. A file that
 * cannot be shown is left for its first view to report: indexing never fails here.
 */
import type { ThumbnailResult } from './thumbnailService';

/** What makes a thumbnail (ThumbnailService), as the indexer sees it. */
export interface ThumbnailMaker {
  thumbnail(file: string, size: 'small'): Promise<ThumbnailResult>;
}

/** Files in flight at once; the service renders two at a time and answers cached ones at once. */
const CONCURRENT = 4;

/** Makes the grid-size thumbnail of each file not cached yet; returns how many exist once done. */
export async function prepareThumbnails(
  maker: ThumbnailMaker,
  files: readonly string[],
  stopped: () => boolean,
): Promise<number> {
  let next = 0;
  let ready = 0;
  const worker = async () => {
    for (let i = next++; i < files.length && !stopped(); i = next++) {
      const made = await maker.thumbnail(files[i]!, 'small').catch(() => null);
      if (made?.ok) ready++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT }, worker));
  return ready;
}
