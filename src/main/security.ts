/**
 * Hardening that does not depend on any one window: the CSP header, permissions,
 * and navigation. The renderer is treated as untrusted (ARCHITECTURE.md, Security).
 * Electron's session and webContents are passed in as the small parts used here.
 */
import type { HeadersReceivedResponse, OnHeadersReceivedListenerDetails } from 'electron';
import { CONTENT_SECURITY_POLICY } from './csp';

/** The part of Electron's Session that is hardened. */
export interface SessionPort {
  webRequest: {
    onHeadersReceived(
      listener: (
        details: Pick<OnHeadersReceivedListenerDetails, 'url' | 'responseHeaders'>,
        callback: (response: HeadersReceivedResponse) => void,
      ) => void,
    ): void;
  };
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
}

/** The part of Electron's WebContents that is hardened. */
export interface WebContentsPort {
  on(
    event: 'will-navigate' | 'will-frame-navigate' | 'will-attach-webview',
    listener: (event: { preventDefault(): void }) => void,
  ): unknown;
  setWindowOpenHandler(handler: () => { action: 'deny' }): void;
}

/** Sends the CSP with the app's own pages and refuses every permission request (camera, notifications...). */
export function secureSession(session: SessionPort, isAppUrl: (url: string) => boolean): void {
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
export function hardenWebContents(contents: WebContentsPort): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
