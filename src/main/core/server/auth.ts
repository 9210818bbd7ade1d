/**
 * Who may talk to `atelier serve`: whoever holds the random token printed with
 * its URL. The token arrives as `?token=` once, is then kept by the browser as
 * an HttpOnly cookie (so page scripts never hold it), or as a Bearer header for
 * scripts. Requests another site's page makes are refused even with the cookie.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Cookies are shared across ports of one host, so each server names its own. */
export function cookieName(port: number): string {
  return `atelier_token_${port}`;
}

function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export type TokenSource = 'query' | 'header' | 'cookie';

/** Where a valid token came from, or null when the request has none (or a wrong one). */
export function authenticate(req: IncomingMessage, url: URL, token: string, port: number): TokenSource | null {
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (sameToken(bearer, token)) return 'header';
  if (sameToken(url.searchParams.get('token') ?? undefined, token)) return 'query';
  if (sameToken(cookie(req, cookieName(port)), token)) return 'cookie';
  return null;
}

export function tokenCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/**
 * Whether a browser says the request comes from another page than ours. Another
 * port on 127.0.0.1 is "same-site" for cookies, so only same-origin is accepted.
 */
export function isCrossOrigin(req: IncomingMessage, ownOrigins: ReadonlySet<string>): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return true;
  const origin = req.headers.origin;
  return origin !== undefined && !ownOrigins.has(origin);
}
