/**
 * Calls to a worker that answers each request by its id (the encoder, the text reader). The worker
 * starts on first use and keeps the process alive only while calls are pending; if it dies, pending
 * calls fail with a clear message and the next call starts a new one. Its one-time load (a model)
 * is sent again to a new worker, and a failed load is not kept: the next call tries again.
 */
import type { WorkerHandle, WorkerSpawner } from './workerSpawner';

/** What a worker answers to a request: its result, or why it failed. */
type Answer = { id: number; ok: true; result: unknown } | { id: number; ok: false; message: string };
type Pending = { resolve: (r: unknown) => void; reject: (e: Error) => void };

export interface WorkerCalls<Command> {
  /** Sends a command and resolves with the worker's result for it. */
  send<T>(command: Command): Promise<T>;
  /** The worker's load, sent once per worker (after `command` is built, on first use). */
  loaded<T>(command: () => Command): Promise<T>;
  /** Stops the worker; the next call starts a new one. */
  close(): Promise<void>;
}

/** `what` names the worker in the message pending calls fail with when it dies. */
export function workerCalls<Command extends object>(spawn: WorkerSpawner, what: string): WorkerCalls<Command> {
  let worker: WorkerHandle | null = null;
  let loading: Promise<unknown> | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  function start(): WorkerHandle {
    if (worker) return worker;
    const w = spawn();
    worker = w;
    w.onMessage((message) => {
      const answer = message as Answer;
      const p = pending.get(answer.id);
      if (!p) return;
      pending.delete(answer.id);
      if (pending.size === 0) w.keepAlive(false);
      if (answer.ok) p.resolve(answer.result);
      else p.reject(new Error(answer.message));
    });
    w.onExit((code) => {
      if (worker !== w) return;
      worker = null;
      loading = null;
      const err = new Error(`The ${what} stopped unexpectedly (exit code ${code})`);
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    });
    return w;
  }

  function send<T>(command: Command): Promise<T> {
    const w = start();
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (r: unknown) => void, reject });
      w.keepAlive(true);
      w.postMessage({ ...command, id });
    });
  }

  return {
    send,
    loaded<T>(command: () => Command): Promise<T> {
      if (!loading) {
        const attempt = send<T>(command());
        loading = attempt;
        attempt.catch(() => {
          if (loading === attempt) loading = null;
        });
      }
      return loading as Promise<T>;
    },
    async close() {
      const w = worker;
      worker = null;
      loading = null;
      if (w) await w.terminate();
    },
  };
}
