/**
 * The `atelier-thumb:` protocol: thumbnails for the renderer in Electron, made
 * and checked by the core's ThumbnailService (only files inside indexed folders),
 * as `/thumb` does under `atelier serve`. URL: `atelier-thumb://thumb/?path=<abs>&size=small|preview`.
 */
import fs from 'node:fs/promises';
import { protocol } from 'electron';
import type { ThumbnailService } from './core/thumbnails/thumbnailService';

export const THUMB_SCHEME = 'atelier-thumb';

/** Must run before the app is ready. */
export function registerThumbnailScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: THUMB_SCHEME, privileges: { standard: true, secure: true } }]);
}

export function handleThumbnails(thumbnails: ThumbnailService): () => void {
  protocol.handle(THUMB_SCHEME, async (request) => {
    const url = new URL(request.url);
    const size = url.searchParams.get('size') === 'preview' ? 'preview' : 'small';
    const result = await thumbnails.thumbnail(url.searchParams.get('path') ?? '', size);
    if (!result.ok) return new Response(result.reason, { status: result.status });
    return new Response(await fs.readFile(result.file), {
      headers: { 'Content-Type': 'image/webp', 'Cache-Control': 'private, max-age=300' },
    });
  });
  return () => protocol.unhandle(THUMB_SCHEME);
}
