/**
 * The session and webContents hardening: the CSP header only on the app's own
 * page, every permission refused, navigation, webviews and window.open denied.
 * Electron's session and webContents are stood in by the small parts the code
 * is given; the events are Node's EventEmitter, as Electron's are.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src/main/csp';
import { hardenWebContents, secureSession, type SessionPort } from '../../src/main/security';

type HeadersListener = Parameters<SessionPort['webRequest']['onHeadersReceived']>[0];
type PermissionHandler = Parameters<SessionPort['setPermissionRequestHandler']>[0];

const APP = 'file:///opt/Atelier/out/renderer/index.html';

function securedSession(): { headers: HeadersListener; permissions: PermissionHandler } {
  let headers: HeadersListener | undefined;
  let permissions: PermissionHandler | undefined;
  secureSession(
    {
      webRequest: { onHeadersReceived: (listener) => (headers = listener) },
      setPermissionRequestHandler: (handler) => (permissions = handler),
    },
    (url) => url.startsWith(APP),
  );
  if (!headers || !permissions) throw new Error('secureSession registered no header listener or permission handler');
  return { headers, permissions };
}

function responseFor(listener: HeadersListener, url: string, responseHeaders?: Record<string, string[]>): unknown {
  let response: unknown = 'no answer';
  listener({ url, responseHeaders }, (r) => (response = r));
  return response;
}

describe('secureSession', () => {
  it("adds the CSP to the app page's headers, keeping the others", () => {
    const { headers } = securedSession();
    expect(responseFor(headers, `${APP}#/library`, { 'X-Kept': ['yes'] })).toEqual({
      responseHeaders: { 'X-Kept': ['yes'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });

  it('replaces a CSP the response brought with the app’s own', () => {
    const { headers } = securedSession();
    const response = responseFor(headers, APP, {
      'Content-Security-Policy': ["default-src *; script-src 'unsafe-eval'"],
    });
    expect(response).toEqual({ responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });

  it('leaves the headers of anything else untouched, and answers every request', () => {
    const { headers } = securedSession();
    expect(responseFor(headers, 'https://generativelanguage.googleapis.com/v1/models', { A: ['b'] })).toEqual({});
  });

  it('refuses every permission request', () => {
    const { permissions } = securedSession();
    for (const permission of [
      'media',
      'notifications',
      'geolocation',
      'clipboard-read',
      'fullscreen',
      'openExternal',
    ]) {
      let granted: boolean | undefined;
      permissions(null, permission, (answer) => (granted = answer));
      expect(granted, permission).toBe(false);
    }
  });
});

describe('hardenWebContents', () => {
  function hardened(): { contents: EventEmitter; openHandler: () => { action: string } } {
    const contents = new EventEmitter();
    let openHandler: (() => { action: string }) | undefined;
    hardenWebContents({
      on: (event, listener) => contents.on(event, listener),
      setWindowOpenHandler: (handler) => (openHandler = handler),
    });
    if (!openHandler) throw new Error('no window-open handler was set');
    return { contents, openHandler };
  }

  function prevented(contents: EventEmitter, name: string): boolean {
    let wasPrevented = false;
    contents.emit(name, { preventDefault: () => (wasPrevented = true) });
    return wasPrevented;
  }

  it('prevents navigation of the page and of its frames, and attaching a webview', () => {
    const { contents } = hardened();
    expect(prevented(contents, 'will-navigate')).toBe(true);
    expect(prevented(contents, 'will-frame-navigate')).toBe(true);
    expect(prevented(contents, 'will-attach-webview')).toBe(true);
  });

  it('denies every window.open', () => {
    const { openHandler } = hardened();
    expect(openHandler()).toEqual({ action: 'deny' });
  });
});
