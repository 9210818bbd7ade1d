/**
 * The renderer's Content-Security-Policy. Main sends it as a header for the app's
 * own pages; src/renderer/index.html carries the same policy as a meta tag (for
 * file:// loads, which have no headers), and the renderer build fails if the two
 * drift apart.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data: blob: atelier-thumb:",
  "media-src 'self' atelier-thumb:",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
].join('; ');
