/**
 * What the preload exposes as `window.atelier`: the API derived from the
 * contract, every call an invoke on its `atelier:` channel and every event read
 * from the one event channel. The page reaches those channels and nothing else;
 * no Electron or Node object crosses the bridge. Electron's ipcRenderer and
 * contextBridge are passed in, so the bridge runs in plain Node as well.
 */
import { type AtelierApi, EVENT_CHANNEL, type EventName } from '../shared/contract';
import { deriveApi } from '../shared/deriveApi';
import { isCallResult, isEventMessage } from '../shared/transport';

type IpcListener = (event: unknown, ...args: unknown[]) => void;

/** The part of Electron's ipcRenderer the bridge uses. */
export interface IpcRendererPort {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: IpcListener): unknown;
  removeListener(channel: string, listener: IpcListener): unknown;
}

/** The part of Electron's contextBridge the bridge uses. */
export interface ContextBridgePort {
  exposeInMainWorld(key: string, api: unknown): void;
}

/** The API over IPC: a call resolves with the handler's value or rejects with the handler's own message. */
export function ipcApi(ipcRenderer: IpcRendererPort): AtelierApi {
  return deriveApi({
    async call({ channel }, input) {
      const result: unknown = await ipcRenderer.invoke(channel, input);
      if (!isCallResult(result)) throw new Error(`Unexpected reply on ${channel}`);
      if (!result.ok) throw new Error(result.message);
      return result.value;
    },
    on(name: EventName, listener) {
      const forward = (_event: unknown, message: unknown): void => {
        if (isEventMessage(message) && message.name === name) listener(message.payload);
      };
      ipcRenderer.on(EVENT_CHANNEL, forward);
      return () => {
        ipcRenderer.removeListener(EVENT_CHANNEL, forward);
      };
    },
  });
}

/** Exposes the API to the page as `window.atelier`. */
export function exposeAtelier(contextBridge: ContextBridgePort, ipcRenderer: IpcRendererPort): void {
  contextBridge.exposeInMainWorld('atelier', ipcApi(ipcRenderer));
}
