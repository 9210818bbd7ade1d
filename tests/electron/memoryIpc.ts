/**
 * Electron's IPC in memory, as the adapter and the bridge use it: `ipcMain.handle`
 * by channel, `ipcRenderer.invoke` answered by that handler, `webContents.send`
 * delivered to `ipcRenderer.on` listeners. Arguments and replies are structured
 * clones, and a handler that throws reaches the caller wrapped the way Electron
 * wraps it, so what crosses here is what crosses between Electron's processes.
 */
import type { InvokeEvent, IpcMainPort, SenderFrame } from '../../src/main/ipc';
import type { ContextBridgePort, IpcRendererPort } from '../../src/preload/bridge';

type MainHandler = (event: InvokeEvent, input: unknown) => Promise<unknown>;
type RendererListener = (event: unknown, ...args: unknown[]) => void;

/** A frame as Electron describes a sender: its URL, and its parent (null for a top frame). */
export function frame(url: string, parent: SenderFrame | null = null): SenderFrame {
  return { url, parent };
}

export class MemoryIpc {
  private readonly handlers = new Map<string, MainHandler>();
  private readonly listeners = new Map<string, Set<RendererListener>>();
  /** What the page's preload exposed, by key, as `window` would hold it. */
  readonly world: Record<string, unknown> = {};
  /** The frame the page's calls come from; null once it is gone. */
  sender: SenderFrame | null;
  /** The URL the page's webContents shows, and whether it was destroyed. */
  pageUrl: string;
  destroyed = false;

  constructor(pageUrl: string) {
    this.pageUrl = pageUrl;
    this.sender = frame(pageUrl);
  }

  /** The channels with a handler registered. */
  channels(): string[] {
    return [...this.handlers.keys()];
  }

  /** How many listeners the page has on `channel`. */
  listenerCount(channel: string): number {
    return this.listeners.get(channel)?.size ?? 0;
  }

  readonly main: IpcMainPort = {
    handle: (channel, listener) => {
      if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      this.handlers.set(channel, listener);
    },
    removeHandler: (channel) => {
      this.handlers.delete(channel);
    },
  };

  readonly renderer: IpcRendererPort = {
    invoke: async (channel, ...args) => {
      const handler = this.handlers.get(channel);
      if (!handler)
        throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
      const [input] = structuredClone(args);
      try {
        return structuredClone(await handler({ senderFrame: this.sender }, input));
      } catch (err) {
        throw new Error(`Error invoking remote method '${channel}': ${String(err)}`);
      }
    },
    on: (channel, listener) => {
      let set = this.listeners.get(channel);
      if (!set) this.listeners.set(channel, (set = new Set()));
      set.add(listener);
      return this.renderer;
    },
    removeListener: (channel, listener) => {
      this.listeners.get(channel)?.delete(listener);
      return this.renderer;
    },
  };

  readonly contextBridge: ContextBridgePort = {
    exposeInMainWorld: (key, api) => {
      this.world[key] = api;
    },
  };

  /** The page's webContents, as the adapter sends events to it. */
  readonly webContents = {
    isDestroyed: (): boolean => this.destroyed,
    getURL: (): string => this.pageUrl,
    send: (channel: string, ...args: unknown[]): void => {
      const copies = structuredClone(args);
      for (const listener of this.listeners.get(channel) ?? []) listener({ sender: this.renderer }, ...copies);
    },
  };
}
