/** What the preload exposes, as the renderer sees it. Only src/renderer/src/api/client.ts reads it. */
import type { AtelierApi } from '../shared/contract';

declare global {
  interface Window {
    /** Present in Electron; absent when the renderer runs in a browser under `atelier serve`. */
    readonly atelier?: AtelierApi;
  }
}

export {};
