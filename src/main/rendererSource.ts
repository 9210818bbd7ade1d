/**
 * Where the renderer is loaded from, and the one test of whether a URL is the
 * app's own page: the IPC sender check and the CSP header both rely on it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type RendererSource = { kind: 'devServer'; origin: string; url: string } | { kind: 'file'; path: string };

/**
 * The dev server's URL (set by `electron-vite dev`) is honoured only when the app
 * is not packaged: a shipped app never loads a page named by its environment.
 */
export function resolveRendererSource(options: {
  isPackaged: boolean;
  devServerUrl: string | undefined;
  indexHtml: string;
}): RendererSource {
  if (!options.isPackaged && options.devServerUrl) {
    const url = new URL(options.devServerUrl);
    return { kind: 'devServer', origin: url.origin, url: url.href };
  }
  return { kind: 'file', path: path.resolve(options.indexHtml) };
}

/** Whether `url` is the app's own page (any hash or query): the dev server's origin, or the built index.html. */
export function isAppUrl(source: RendererSource, url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (source.kind === 'devServer') return parsed.origin === source.origin;
  if (parsed.protocol !== 'file:') return false;
  parsed.hash = '';
  parsed.search = '';
  try {
    return path.resolve(fileURLToPath(parsed)) === source.path;
  } catch {
    // A file URL naming another host, or an encoded slash, is no path of this machine.
    return false;
  }
}
