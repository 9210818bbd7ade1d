/** A typed event bus for the contract's events; every listener gets its unsubscribe. */
import type { EventName, EventPayload } from '../../shared/contract';

export type AnyEventListener = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

export interface EventBus {
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Every event, for transports that forward all of them (IPC, WebSocket). */
  onAny(listener: AnyEventListener): () => void;
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
}

export function createEventBus(): EventBus {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const anyListeners = new Set<AnyEventListener>();
  return {
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
    onAny(listener) {
      anyListeners.add(listener);
      return () => anyListeners.delete(listener);
    },
    emit(name, payload) {
      for (const l of listeners.get(name) ?? []) l(payload);
      for (const l of anyListeners) l(name, payload);
    },
  };
}
