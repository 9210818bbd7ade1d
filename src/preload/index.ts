/**
 * The bridge: exposes `window.atelier`, derived from the contract's channels.
 * The page can reach the atelier: channels and nothing else; no Electron or Node
 * object crosses the bridge. Built as CommonJS, since sandboxed preloads cannot be ESM.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { channels, EVENT_CHANNEL, type AtelierApi, type EventName } from '../shared/contract';
import { isCallResult, isEventMessage } from '../shared/transport';

type Call = (input: unknown) => Promise<unknown>;

async function call(channel: string, input: unknown): Promise<unknown> {
  const result: unknown = await ipcRenderer.invoke(channel, input);
  if (!isCallResult(result)) throw new Error(`Unexpected reply on ${channel}`);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

function on(name: EventName, listener: (payload: unknown) => void): () => void {
  const forward = (_event: IpcRendererEvent, message: unknown): void => {
    if (isEventMessage(message) && message.name === name) listener(message.payload);
  };
  ipcRenderer.on(EVENT_CHANNEL, forward);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, forward);
  };
}

function buildApi(): AtelierApi {
  const services: Record<string, Record<string, Call>> = {};
  for (const { service, method, channel } of channels()) {
    (services[service] ??= {})[method] = (input) => call(channel, input);
  }
  // The loop above builds exactly the contract's shape; TypeScript cannot follow a loop.
  return { ...services, on } as unknown as AtelierApi;
}

contextBridge.exposeInMainWorld('atelier', buildApi());
