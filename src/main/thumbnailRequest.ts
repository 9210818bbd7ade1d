/**
 * Answers one `atelier-thumb:` request: the URL's `path` and `size` handed to the
 * core's ThumbnailService, which serves only files inside indexed folders (their
 * real paths, so neither `..` nor a symbolic link leads out). Apart from the
 * protocol registration, so it runs in plain Node as well.
 */
import fs from 'node:fs/promises';
import { type ThumbnailService, thumbnailSize } from './core/thumbnails/thumbnailService';

/** `atelier-thumb://thumb/?path=<abs>&size=small|preview|large`: a WebP, or the refusal's reason with its status. */
export async function thumbnailResponse(
  thumbnails: Pick<ThumbnailService, 'thumbnail'>,
  requestUrl: string,
): Promise<Response> {
  const url = new URL(requestUrl);
  const size = thumbnailSize(url.searchParams.get('size'));
  const result = await thumbnails.thumbnail(url.searchParams.get('path') ?? '', size);
  if (!result.ok) return new Response(result.reason, { status: result.status });
  return new Response(await fs.readFile(result.file), {
    headers: { 'Content-Type': 'image/webp', 'Cache-Control': 'private, max-age=300' },
  });
}
