/**
 * Hardening that does not depend on any one window: the CSP header, permissions,
 * and navigation. The renderer is treated as untrusted (ARCHITECTURE.md, Security).
 */
import type { Session, WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from './csp';

/** Sends the CSP with the app's own pages and refuses every permission request (camera, notifications...). */
export function secureSession(session: Session, isAppUrl: (url: string) => boolean): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!isAppUrl(details.url)) {
      callback({});
      return;
    }
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
}

/**
 * The app is one page: it never navigates, never opens windows and never embeds
 * a webview. Applied to every webContents as it is created.
 */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
