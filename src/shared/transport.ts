/**
 * Wire shapes shared by every transport of the contract (Electron IPC now, the
 * WebSocket of `atelier serve` later): how a call's outcome and an event travel.
 */
import type { EventName } from './contract';

/**
 * The outcome of one call. Errors travel as plain data so the caller sees the
 * handler's own message, not the transport's wrapping of it.
 */
export type CallResult<T = unknown> = { ok: true; value: T } | { ok: false; message: string };

/** One event, as forwarded from main to the renderer. */
export interface EventMessage {
  name: EventName;
  payload: unknown;
}

export function isCallResult(value: unknown): value is CallResult {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  return value.ok === true ? 'value' in value : value.ok === false && 'message' in value;
}

export function isEventMessage(value: unknown): value is EventMessage {
  return typeof value === 'object' && value !== null && 'name' in value && typeof value.name === 'string';
}
