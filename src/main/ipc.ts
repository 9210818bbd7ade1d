/**
 * The IPC adapter, and the only importer of ipcMain. Every handler is derived
 * from the contract's channels: the sender is checked, the input validated with
 * the contract's schema, and the outcome sent back as a CallResult so the
 * renderer sees the handler's own message.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { ZodError } from 'zod';
import { channels, EVENT_CHANNEL, parseInput, type AtelierHandlers } from '../shared/contract';
import type { CallResult, EventMessage } from '../shared/transport';
import type { EventBus } from './core/events';
import { describeError } from './core/server/describeError';

export interface IpcOptions {
  /** The running Atelier (or anything with its handlers and events). */
  atelier: { handlers: AtelierHandlers; events: EventBus };
  /** Whether a frame URL is the app's own page; calls from any other frame are refused. */
  isAppUrl: (url: string) => boolean;
  /** The webContents that receives events: the main window's, while there is one. */
  eventTarget: () => WebContents | null;
}

type Handler = (input: unknown) => Promise<unknown>;

/** Registers every contract method and forwards every event; returns the function that undoes both. */
export function registerIpc({ atelier, isAppUrl, eventTarget }: IpcOptions): () => void {
  const registered: string[] = [];
  for (const { service, method, channel } of channels()) {
    // Inputs reach the handler only after parseInput, so calling it with the parsed value is sound.
    const serviceHandlers = atelier.handlers[service] as unknown as Record<string, Handler | undefined>;
    if (typeof serviceHandlers[method] !== 'function') throw new Error(`No handler for ${service}.${method}`);

    ipcMain.handle(channel, async (event, input: unknown): Promise<CallResult> => {
      if (!isFromAppPage(event, isAppUrl)) {
        console.warn(`[ipc] refused ${channel} from ${event.senderFrame?.url ?? 'a closed frame'}`);
        throw new Error(`${channel} is only available to Atelier's own page`);
      }
      try {
        const parsed = parseInput(service, method, input);
        const value = await (serviceHandlers[method] as Handler).call(serviceHandlers, parsed);
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
function isFromAppPage(event: IpcMainInvokeEvent, isAppUrl: (url: string) => boolean): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}
