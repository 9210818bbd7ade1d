/**
 * Answers one `atelier-thumb:` request: the URL's `path` and `size` handed to the
 * core's ThumbnailService, which serves only files inside indexed folders (their
 * real paths, so neither `..` nor a symbolic link leads out). Apart from the
 * protocol registration, so it runs in plain Node as well.
 */
import fs from 'node:fs/promises';
import { type ThumbnailService, thumbnailSize } from './core/thumbnails/thumbnailService';
import { type MediaResult, openMedia } from './core/thumbnails/videoMedia';

async function mediaResponse(media: MediaResult): Promise<Response> {
  if (!media.ok) return new Response(media.reason, { status: media.status });
  const handle = await fs.open(media.file);
  try {
    const body = Buffer.alloc(media.end - media.start + 1);
    await handle.read(body, 0, body.length, media.start);
    return new Response(body, {
      status: media.partial ? 206 : 200,
      headers: {
        'Content-Type': media.type,
        'Accept-Ranges': 'bytes',
        ...(media.partial ? { 'Content-Range': `bytes ${media.start}-${media.end}/${media.size}` } : {}),
      },
    });
  } finally {
    await handle.close();
  }
}

/**
 * `atelier-thumb://thumb/?path=<abs>&size=small|preview|large[&time=S]`: a WebP (a video's frame at S
 * seconds), or the refusal's reason with its status. `atelier-thumb://media/?path=<abs>`: a video itself,
 * in the byte range asked, for the preview's player.
 */
export async function thumbnailResponse(
  thumbnails: Pick<ThumbnailService, 'thumbnail' | 'roots'>,
  requestUrl: string,
  range?: string | null,
): Promise<Response> {
  const url = new URL(requestUrl);
  if (url.host === 'media')
    return mediaResponse(await openMedia(url.searchParams.get('path') ?? '', thumbnails.roots(), range));
  const size = thumbnailSize(url.searchParams.get('size'));
  const time = Number(url.searchParams.get('time') ?? NaN);
  const result = await thumbnails.thumbnail(
    url.searchParams.get('path') ?? '',
    size,
    Number.isFinite(time) && time >= 0 ? time : undefined,
  );
  if (!result.ok) return new Response(result.reason, { status: result.status });
  return new Response(await fs.readFile(result.file), {
    headers: { 'Content-Type': 'image/webp', 'Cache-Control': 'private, max-age=300' },
  });
}
