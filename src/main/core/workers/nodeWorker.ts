/**
 * A WorkerSpawner over node:worker_threads, used outside Electron. A `.ts`
 * entry runs through the tsx bootstrap; a built `.js` entry runs directly.
 */
import { spawnRoleThread } from './roleThread';
import type { WorkerHandle, WorkerSpawner } from './workerSpawner';

export function nodeWorkerSpawner(entry: URL): WorkerSpawner {
  return (): WorkerHandle => {
    const worker = spawnRoleThread(entry);
    const exitListeners: Array<(code: number) => void> = [];
    let exited = false;
    const fireExit = (code: number) => {
      if (exited) return;
      exited = true;
      for (const l of exitListeners) l(code);
    };
    worker.on('exit', fireExit);
    worker.on('error', () => fireExit(1));
    // The encoder must not keep a finished CLI command alive.
    worker.unref();
    return {
      postMessage: (m) => worker.postMessage(m),
      onMessage: (l) => worker.on('message', l),
      onExit: (l) => exitListeners.push(l),
      keepAlive: (active) => (active ? worker.ref() : worker.unref()),
      terminate: async () => {
        await worker.terminate();
      },
    };
  };
}
