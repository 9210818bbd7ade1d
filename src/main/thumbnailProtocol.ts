/**
 * The `atelier-thumb:` protocol: thumbnails for the renderer in Electron, made
 * and checked by the core's ThumbnailService (only files inside indexed folders),
 * as `/thumb` does under `atelier serve`. Each request is answered by thumbnailRequest.ts.
 */
import { protocol } from 'electron';
import type { ThumbnailService } from './core/thumbnails/thumbnailService';
import { thumbnailResponse } from './thumbnailRequest';

export const THUMB_SCHEME = 'atelier-thumb';

/** Must run before the app is ready. */
export function registerThumbnailScheme(): void {
  // `stream`: the preview's video player reads videos through it in byte ranges.
  protocol.registerSchemesAsPrivileged([
    { scheme: THUMB_SCHEME, privileges: { standard: true, secure: true, stream: true } },
  ]);
}

export function handleThumbnails(thumbnails: ThumbnailService): () => void {
  protocol.handle(THUMB_SCHEME, (request) => thumbnailResponse(thumbnails, request.url, request.headers.get('range')));
  return () => protocol.unhandle(THUMB_SCHEME);
}
