/**
 * The caller's side of the contract, derived once: the preload bridge (over IPC)
 * and the renderer's browser client (over HTTP and a WebSocket) each say how one
 * call and one subscription travel, and get the whole `AtelierApi` from here.
 */
import { type AtelierApi, channels, type EventName, type ServiceName } from './contract';

/** One method of the contract, as a transport addresses it. */
export interface Route {
  readonly service: ServiceName;
  readonly method: string;
  /** The IPC channel, `atelier:<service>.<method>`. */
  readonly channel: string;
}

/** How calls and events travel between a caller and the handlers. */
export interface ApiTransport {
  /** Carries one call; resolves with the handler's value, rejects with its message. */
  call(route: Route, input: unknown): Promise<unknown>;
  /** Subscribes to one event; returns the function that unsubscribes. */
  on(name: EventName, listener: (payload: unknown) => void): () => void;
}

/** Builds the API from the contract's channels, every method carried by `transport`. */
export function deriveApi(transport: ApiTransport): AtelierApi {
  const services: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
  for (const route of channels()) {
    (services[route.service] ??= {})[route.method] = (input) => transport.call(route, input);
  }
  const on = (name: EventName, listener: (payload: unknown) => void): (() => void) => transport.on(name, listener);
  // The loop above builds exactly the contract's shape; TypeScript cannot follow a loop.
  return { ...services, on } as unknown as AtelierApi;
}
