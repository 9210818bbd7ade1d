/**
 * The built renderer, served from one folder. Its Content-Security-Policy is
 * the one index.html carries (the build checks that against src/main/csp.ts), sent as
 * a header with the directives only a header can carry.
 */
import fs from 'node:fs';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** Directives a meta tag cannot set: no framing, no <base>, no form posts, no plugins. */
const HEADER_ONLY = ["frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'", "object-src 'none'"];

export function contentSecurityPolicy(indexHtml: string): string {
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(indexHtml);
  if (!meta?.[1]) throw new Error('The built index.html has no Content-Security-Policy meta tag');
  return [meta[1].replace(/\s+/g, ' ').trim(), ...HEADER_ONLY].join('; ');
}

export interface StaticFile {
  body: Buffer;
  type: string;
  /** Hashed asset names never change content: cache them for good. */
  immutable: boolean;
}

export function staticFiles(dir: string): { csp: string; get(urlPath: string): StaticFile | null } {
  const root = path.resolve(dir);
  const indexHtml = fs.readFileSync(path.join(root, 'index.html'));
  const csp = contentSecurityPolicy(indexHtml.toString('utf8'));
  return {
    csp,
    get(urlPath) {
      if (urlPath === '/' || urlPath === '/index.html') {
        return { body: indexHtml, type: TYPES['.html']!, immutable: false };
      }
      let decoded: string;
      try {
        decoded = decodeURIComponent(urlPath);
      } catch {
        return null;
      }
      const file = path.resolve(root, `.${decoded}`);
      if (!file.startsWith(root + path.sep) || decoded.includes('\0')) return null;
      const type = TYPES[path.extname(file).toLowerCase()];
      if (!type) return null;
      try {
        return { body: fs.readFileSync(file), type, immutable: decoded.startsWith('/assets/') };
      } catch {
        return null;
      }
    },
  };
}
