/**
 * The renderer's one way to Atelier, and the only file that touches
 * `window.atelier` or the server's HTTP and WebSocket endpoints. Both transports
 * are derived from the contract's channels, so neither repeats a signature.
 */
import type { AtelierApi, EventName } from '../../../shared/contract';
import { deriveApi } from '../../../shared/deriveApi';
import { isCallResult, isEventMessage } from '../../../shared/transport';
import type { ThumbnailSize } from '../../../shared/types';

/** Electron (the preload bridge) or a browser page served by `atelier serve`. */
export type Runtime = 'electron' | 'browser';

export type ConnectionState = 'connecting' | 'open' | 'lost';

type Listener = (payload: unknown) => void;

/**
 * `atelier serve`'s transport: calls are POSTs to `/api/<service>.<method>`,
 * events come over the `/events` WebSocket. The token travels as an HttpOnly
 * cookie the server set when the page was first opened, so this code never holds it.
 */
function browserApi(onConnection: (state: ConnectionState) => void): AtelierApi {
  const call = async (service: string, method: string, input: unknown): Promise<unknown> => {
    const response = await fetch(`/api/${service}.${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(input ?? {}),
      credentials: 'same-origin',
    });
    if (response.status === 401) {
      throw new Error('This page’s access has expired: open the address that `atelier serve` printed.');
    }
    const body: unknown = await response.json().catch(() => null);
    if (!isCallResult(body)) throw new Error(`Unexpected reply to ${service}.${method} (HTTP ${response.status})`);
    if (!body.ok) throw new Error(body.message);
    return body.value;
  };

  const listeners = new Map<EventName, Set<Listener>>();
  let retryMs = 500;
  const connect = (): void => {
    onConnection('connecting');
    const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/events`);
    socket.onopen = () => {
      retryMs = 500;
      onConnection('open');
    };
    socket.onmessage = (message: MessageEvent<string>) => {
      let event: unknown;
      try {
        event = JSON.parse(message.data);
      } catch {
        return;
      }
      if (!isEventMessage(event)) return;
      for (const listener of listeners.get(event.name) ?? []) listener(event.payload);
    };
    socket.onclose = () => {
      onConnection('lost');
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 10_000);
    };
  };
  connect();

  const on = (name: EventName, listener: Listener): (() => void) => {
    let set = listeners.get(name);
    if (!set) listeners.set(name, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  };
  return deriveApi({ call: ({ service, method }, input) => call(service, method, input), on });
}

export const runtime: Runtime = window.atelier ? 'electron' : 'browser';

const connectionListeners = new Set<(state: ConnectionState) => void>();
let connection: ConnectionState = runtime === 'electron' ? 'open' : 'connecting';

/** Whether events reach the page: always in Electron; while the WebSocket is open in a browser. */
export function connectionState(): ConnectionState {
  return connection;
}

export function onConnectionChange(listener: (state: ConnectionState) => void): () => void {
  connectionListeners.add(listener);
  return () => connectionListeners.delete(listener);
}

export const api: AtelierApi =
  window.atelier ??
  browserApi((state) => {
    connection = state;
    for (const listener of connectionListeners) listener(state);
  });

/** Where the thumbnail of an image in the library is: the `atelier-thumb:` protocol in Electron, `/thumb` in a browser. */
export function thumbnailUrl(path: string, size: ThumbnailSize = 'small', time?: number): string {
  const at = time !== undefined ? `&time=${time}` : '';
  const query = `path=${encodeURIComponent(path)}&size=${size}${at}`;
  return runtime === 'electron' ? `atelier-thumb://thumb/?${query}` : `/thumb?${query}`;
}

/** Where a video in the library is played from, in byte ranges: the same protocol, `/media` in a browser. */
export function mediaUrl(path: string): string {
  const query = `path=${encodeURIComponent(path)}`;
  return runtime === 'electron' ? `atelier-thumb://media/?${query}` : `/media?${query}`;
}
