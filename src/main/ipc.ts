/**
 * The IPC adapter: every handler is registered from the core's handler table
 * (one per contract method), the sender is checked, the input validated with the
 * contract's schema, and the outcome sent back as a CallResult so the renderer
 * sees the handler's own message. Electron's ipcMain is passed in, so the adapter
 * runs in plain Node against an in-memory one as well.
 */
import type { WebContents } from 'electron';
import { ZodError } from 'zod';
import { type AtelierHandlers, EVENT_CHANNEL } from '../shared/contract';
import type { CallResult, EventMessage } from '../shared/transport';
import { describeError } from './core/api/describeError';
import { handlerTable } from './core/api/handlerTable';
import type { EventBus } from './core/events';

/** The frame a call came from, as far as the sender check reads it. */
export interface SenderFrame {
  readonly url: string;
  readonly parent: SenderFrame | null;
}

/** What the adapter reads of an invoke: its sender frame, null once that frame is gone. */
export interface InvokeEvent {
  readonly senderFrame: SenderFrame | null;
}

/** The part of Electron's ipcMain the adapter uses. */
export interface IpcMainPort {
  handle(channel: string, listener: (event: InvokeEvent, input: unknown) => Promise<CallResult>): void;
  removeHandler(channel: string): void;
}

/** The part of a webContents that events are sent to. */
export type EventReceiver = Pick<WebContents, 'isDestroyed' | 'getURL' | 'send'>;

export interface IpcOptions {
  /** Electron's ipcMain (or anything that registers invoke handlers by channel the same way). */
  ipcMain: IpcMainPort;
  /** The running Atelier (or anything with its handlers and events). */
  atelier: { handlers: AtelierHandlers; events: EventBus };
  /** Whether a frame URL is the app's own page; calls from any other frame are refused. */
  isAppUrl: (url: string) => boolean;
  /** The webContents that receives events: the main window's, while there is one. */
  eventTarget: () => EventReceiver | null;
}

/** Registers every contract method and forwards every event; returns the function that undoes both. */
export function registerIpc({ ipcMain, atelier, isAppUrl, eventTarget }: IpcOptions): () => void {
  const registered: string[] = [];
  for (const route of handlerTable(atelier.handlers)) {
    const { service, method, channel } = route;
    ipcMain.handle(channel, async (event, input: unknown): Promise<CallResult> => {
      if (!isFromAppPage(event, isAppUrl)) {
        console.warn(`[ipc] refused ${channel} from ${event.senderFrame?.url ?? 'a closed frame'}`);
        throw new Error(`${channel} is only available to Atelier's own page`);
      }
      try {
        const value = await route.run(route.parse(input));
        return { ok: true, value };
      } catch (err) {
        if (!(err instanceof ZodError)) console.error(`[ipc] ${service}.${method} failed:`, err);
        return { ok: false, message: describeError(err) };
      }
    });
    registered.push(channel);
  }

  const stopForwarding = atelier.events.onAny((name, payload) => {
    const target = eventTarget();
    if (!target || target.isDestroyed() || !isAppUrl(target.getURL())) return;
    target.send(EVENT_CHANNEL, { name, payload } satisfies EventMessage);
  });

  return () => {
    stopForwarding();
    for (const channel of registered) ipcMain.removeHandler(channel);
  };
}

/** Only the top frame of the app's own page may call: not an iframe, not a page navigated elsewhere. */
export function isFromAppPage(event: InvokeEvent, isAppUrl: (url: string) => boolean): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}
