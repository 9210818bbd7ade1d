/** `GET /media?path=`: a video file for the preview's player, whole or in the byte range asked (HTTP Range). */
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MediaResult } from '../thumbnails/videoMedia';

export async function sendMedia(
  req: IncomingMessage,
  res: ServerResponse,
  media: MediaResult,
  headers: Record<string, string>,
): Promise<void> {
  if (!media.ok) {
    const extra: Record<string, string> = media.size !== undefined ? { 'Content-Range': `bytes */${media.size}` } : {};
    res.writeHead(media.status, { ...headers, ...extra, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(media.reason);
    return;
  }
  res.writeHead(media.partial ? 206 : 200, {
    ...headers,
    'Content-Type': media.type,
    'Content-Length': String(media.end - media.start + 1),
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'private, max-age=300',
    ...(media.partial ? { 'Content-Range': `bytes ${media.start}-${media.end}/${media.size}` } : {}),
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await new Promise<void>((resolve) => {
    fs.createReadStream(media.file, { start: media.start, end: media.end })
      .on('error', () => {
        res.destroy();
        resolve();
      })
      .on('end', resolve)
      .pipe(res);
  });
}
