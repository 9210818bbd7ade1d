/**
 * `atelier serve`'s server: the built renderer, the contract over HTTP
 * (`POST /api/<service>.<method>`), its events over a WebSocket (`/events`) and
 * thumbnails (`GET /thumb?path=`), all behind one random token. It binds
 * 127.0.0.1 unless told otherwise.
 */
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AtelierHandlers } from '../../../shared/contract';
import type { ThumbnailSize } from '../../../shared/types';
import type { EventBus } from '../events';
import { type ThumbnailResult, thumbnailSize } from '../thumbnails/thumbnailService';
import { openMedia } from '../thumbnails/videoMedia';
import { apiRoutes } from './apiRoutes';
import { authenticate, isCrossOrigin, newToken, tokenCookie } from './auth';
import { eventSocket } from './eventSocket';
import { sendMedia } from './sendMedia';
import { staticFiles } from './staticFiles';

export interface ServerOptions {
  api: { handlers: AtelierHandlers; events: EventBus };
  thumbnails: {
    thumbnail(file: string, size?: ThumbnailSize, time?: number): Promise<ThumbnailResult>;
    /** The folders whose videos `/media` may play; without it, none. */
    roots?(): readonly string[];
  };
  /** The built renderer (index.html and assets/). */
  staticDir: string;
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default: a new random token. */
  token?: string;
}

export interface RunningServer {
  /** The address to open, token included. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

const UNAUTHORIZED_PAGE = `<!doctype html><meta charset="utf-8"><title>Atelier</title>
<p style="font:15px system-ui;margin:3rem">This Atelier server needs its access token. Open the full address that
<code>atelier serve</code> printed (it ends with <code>?token=…</code>).</p>`;

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? newToken();
  const assets = staticFiles(options.staticDir);
  const callApi = apiRoutes(options.api.handlers);
  const socket = eventSocket(options.api.events);
  const securityHeaders = {
    'Content-Security-Policy': assets.csp,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
  let port = 0;
  let origins = new Set<string>();

  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer, extra = {}): void => {
    res.writeHead(status, { ...securityHeaders, 'Content-Type': type, 'Cache-Control': 'no-store', ...extra });
    res.end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://atelier.invalid');
    // A page on another origin (another port on this host included) is refused, token or not.
    if (isCrossOrigin(req, origins) || !hostAllowed(req, host, port)) {
      send(res, 403, 'text/plain; charset=utf-8', 'Forbidden');
      return;
    }
    const auth = authenticate(req, url, token, port);
    if (!auth) {
      const page = req.method === 'GET' && (url.pathname === '/' || url.pathname === '/index.html');
      send(
        res,
        401,
        page ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8',
        page ? UNAUTHORIZED_PAGE : 'Unauthorized',
      );
      return;
    }

    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') {
        send(res, 405, 'text/plain; charset=utf-8', 'Use POST', { Allow: 'POST' });
        return;
      }
      const reply = await callApi(url.pathname.slice('/api/'.length), req);
      send(res, reply.status, 'application/json; charset=utf-8', JSON.stringify(reply.body));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed', { Allow: 'GET, HEAD' });
      return;
    }
    if (url.pathname === '/thumb') {
      await sendThumbnail(req, res, url, options.thumbnails, securityHeaders);
      return;
    }
    if (url.pathname === '/media') {
      const roots = options.thumbnails.roots?.() ?? [];
      await sendMedia(
        req,
        res,
        await openMedia(url.searchParams.get('path') ?? '', roots, req.headers.range),
        securityHeaders,
      );
      return;
    }
    // The page's address keeps no token: it moves into an HttpOnly cookie, and the page reloads without it.
    if (auth === 'query' && (url.pathname === '/' || url.pathname === '/index.html')) {
      url.searchParams.delete('token');
      res.writeHead(303, {
        ...securityHeaders,
        'Set-Cookie': tokenCookie(port, token),
        Location: `/${url.search}`,
        'Cache-Control': 'no-store',
      });
      res.end();
      return;
    }
    const file = assets.get(url.pathname);
    if (!file) {
      send(res, 404, 'text/plain; charset=utf-8', 'Not found');
      return;
    }
    send(res, 200, file.type, req.method === 'HEAD' ? '' : file.body, {
      'Cache-Control': file.immutable ? 'private, max-age=31536000, immutable' : 'no-cache',
    });
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error('[serve] request failed:', err);
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'Internal error');
      else res.destroy();
    });
  });
  server.on('upgrade', (req, duplex, head) => {
    const url = new URL(req.url ?? '/', 'http://atelier.invalid');
    const refuse = (status: string) => {
      duplex.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== '/events') return refuse('404 Not Found');
    if (isCrossOrigin(req, origins) || !hostAllowed(req, host, port)) return refuse('403 Forbidden');
    if (!authenticate(req, url, token, port)) return refuse('401 Unauthorized');
    socket.upgrade(req, duplex, head);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const origin = `http://${shownHost}:${port}`;
  origins = new Set([origin, `http://localhost:${port}`, `http://127.0.0.1:${port}`]);

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    async close() {
      await socket.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** On loopback, only our own host names: a DNS-rebinding page names its own domain in Host. */
function hostAllowed(req: IncomingMessage, host: string, port: number): boolean {
  if (!LOOPBACK.has(host)) return true;
  const given = req.headers.host;
  return given === `127.0.0.1:${port}` || given === `localhost:${port}` || given === `[::1]:${port}`;
}

async function sendThumbnail(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  thumbnails: ServerOptions['thumbnails'],
  headers: Record<string, string>,
): Promise<void> {
  const file = url.searchParams.get('path') ?? '';
  const size = thumbnailSize(url.searchParams.get('size'));
  const time = Number(url.searchParams.get('time') ?? NaN);
  const result = await thumbnails.thumbnail(file, size, Number.isFinite(time) && time >= 0 ? time : undefined);
  if (!result.ok) {
    res.writeHead(result.status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(result.reason);
    return;
  }
  const etag = `"${result.etag}"`;
  const cache = {
    ETag: etag, // Short: the URL names a path, and the file at that path may change.
    'Cache-Control': 'private, max-age=300',
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { ...headers, ...cache });
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, ...cache, 'Content-Type': 'image/webp' });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  fs.createReadStream(result.file)
    .on('error', () => res.destroy())
    .pipe(res);
}
