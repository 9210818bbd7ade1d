/**
 * Which URLs are the app's own page: the IPC sender check and the CSP header
 * both rely on isAppUrl, so a look-alike must never pass.
 */
import { describe, expect, it } from 'vitest';
import { isFromAppPage } from '../../src/main/ipc';
import { isAppUrl, type RendererSource, resolveRendererSource } from '../../src/main/rendererSource';
import { frame } from './memoryIpc';

const INDEX = '/opt/Atelier/resources/app.asar/out/renderer/index.html';
const built: RendererSource = { kind: 'file', path: INDEX };
const dev: RendererSource = { kind: 'devServer', origin: 'http://localhost:5173', url: 'http://localhost:5173/' };

describe('isAppUrl, for the built page', () => {
  it('accepts the built index.html, with any hash or query', () => {
    expect(isAppUrl(built, `file://${INDEX}`)).toBe(true);
    expect(isAppUrl(built, `file://${INDEX}#/settings`)).toBe(true);
    expect(isAppUrl(built, `file://${INDEX}?tab=library`)).toBe(true);
    expect(isAppUrl(built, `file://localhost${INDEX}`)).toBe(true);
  });

  it('refuses other files, even beside it or named like it', () => {
    expect(isAppUrl(built, 'file:///opt/Atelier/resources/app.asar/out/renderer/other.html')).toBe(false);
    expect(isAppUrl(built, `file://${INDEX}.html`)).toBe(false);
    expect(isAppUrl(built, 'file:///tmp/index.html')).toBe(false);
    expect(isAppUrl(built, `file://${INDEX}/../evil.html`)).toBe(false);
    expect(isAppUrl(built, `file://${INDEX.replace('/renderer/', '/renderer/%2e%2e/renderer/x/')}`)).toBe(false);
  });

  it('refuses a file URL on another host, or with an encoded slash, without throwing', () => {
    expect(isAppUrl(built, `file://evil.example${INDEX}`)).toBe(false);
    expect(isAppUrl(built, `file://${INDEX}%2F..%2Findex.html`)).toBe(false);
  });

  it('refuses the same path over another scheme, and what is not a URL', () => {
    expect(isAppUrl(built, `http://localhost${INDEX}`)).toBe(false);
    expect(isAppUrl(built, `https://evil.example${INDEX}`)).toBe(false);
    expect(isAppUrl(built, INDEX)).toBe(false);
    expect(isAppUrl(built, '')).toBe(false);
    expect(isAppUrl(built, 'about:blank')).toBe(false);
  });

  it('refuses the dev server, which a built app never loads', () => {
    expect(isAppUrl(built, 'http://localhost:5173/')).toBe(false);
  });
});

describe('isAppUrl, for the dev server', () => {
  it("accepts any page of the dev server's origin", () => {
    expect(isAppUrl(dev, 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl(dev, 'http://localhost:5173/src/main.tsx?v=1#x')).toBe(true);
  });

  it('refuses look-alike hosts, other ports and schemes, and the built file', () => {
    expect(isAppUrl(dev, 'http://localhost:5173.evil.example/')).toBe(false);
    expect(isAppUrl(dev, 'http://localhost.evil.example:5173/')).toBe(false);
    expect(isAppUrl(dev, 'http://evil.example/?http://localhost:5173/')).toBe(false);
    expect(isAppUrl(dev, 'http://localhost:51730/')).toBe(false);
    expect(isAppUrl(dev, 'https://localhost:5173/')).toBe(false);
    expect(isAppUrl(dev, 'http://127.0.0.1:5173/')).toBe(false);
    expect(isAppUrl(dev, `file://${INDEX}`)).toBe(false);
  });
});

describe('resolveRendererSource', () => {
  it('uses the dev server only when the app is not packaged', () => {
    expect(
      resolveRendererSource({ isPackaged: false, devServerUrl: 'http://localhost:5173/', indexHtml: INDEX }),
    ).toEqual(dev);
    expect(resolveRendererSource({ isPackaged: true, devServerUrl: 'http://evil.example/', indexHtml: INDEX })).toEqual(
      built,
    );
    expect(resolveRendererSource({ isPackaged: false, devServerUrl: undefined, indexHtml: INDEX })).toEqual(built);
  });

  it('makes the packaged app refuse the page its environment names', () => {
    const source = resolveRendererSource({ isPackaged: true, devServerUrl: 'http://evil.example/', indexHtml: INDEX });
    expect(isAppUrl(source, 'http://evil.example/')).toBe(false);
  });
});

describe('isFromAppPage', () => {
  const own = (url: string): boolean => isAppUrl(built, url);

  it("accepts the top frame of the app's page", () => {
    expect(isFromAppPage({ senderFrame: frame(`file://${INDEX}`) }, own)).toBe(true);
  });

  it('refuses a sub-frame, even one showing the app page, and a frame of another origin', () => {
    expect(isFromAppPage({ senderFrame: frame(`file://${INDEX}`, frame(`file://${INDEX}`)) }, own)).toBe(false);
    expect(isFromAppPage({ senderFrame: frame(`file://${INDEX}`, frame('https://evil.example/')) }, own)).toBe(false);
    expect(isFromAppPage({ senderFrame: frame('https://evil.example/') }, own)).toBe(false);
  });

  it('refuses a frame that is gone', () => {
    expect(isFromAppPage({ senderFrame: null }, own)).toBe(false);
  });
});
