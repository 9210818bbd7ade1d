/**
 * The renderer's one way to Atelier, and the only file that touches
 * `window.atelier`. Everything else imports `api` from here.
 */
import type { AtelierApi } from '../../../shared/contract';

/**
 * Picks the transport: the preload bridge in Electron. Under `atelier serve` the
 * page runs in a plain browser, with no bridge; that is where the WebSocket
 * transport (derived from the same contract) will be returned.
 */
function resolveApi(): AtelierApi {
  if (window.atelier) return window.atelier;
  throw new Error(
    'Atelier’s API is not available: window.atelier is missing. Open this page in the Atelier app (the browser transport is not built yet).',
  );
}

export const api: AtelierApi = resolveApi();
