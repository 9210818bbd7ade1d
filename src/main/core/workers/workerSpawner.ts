/**
 * How the composition root starts a worker (a worker thread in Node, a
 * utilityProcess in Electron) and talks to it: a small port both provide.
 */

/** The minimal message port both transports provide. */
export interface WorkerPort {
  postMessage(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
}

/** The main-side handle on a running worker. */
export interface WorkerHandle extends WorkerPort {
  /** Called once if the worker dies (crash, out of memory, kill). */
  onExit(listener: (code: number) => void): void;
  /** Whether the worker should keep the process alive (true while requests are pending). */
  keepAlive(active: boolean): void;
  terminate(): Promise<void>;
}

/** Starts a fresh encoder worker. Injected by the composition root. */
export type WorkerSpawner = () => WorkerHandle;
