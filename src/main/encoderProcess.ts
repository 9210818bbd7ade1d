/**
 * A WorkerSpawner over Electron's utilityProcess: the encoder runs ONNX Runtime
 * in its own process, so a synchronous `session.run` never blocks main's event loop.
 */
import { utilityProcess } from 'electron';
import type { WorkerHandle, WorkerSpawner } from './core/workers/workerSpawner';

/** `entry` is the built utilityProcess entry (out/main/encoderUtility.js). */
export function utilityProcessSpawner(entry: string): WorkerSpawner {
  return (): WorkerHandle => {
    const child = utilityProcess.fork(entry, [], { serviceName: 'Atelier encoder' });
    const exitListeners: Array<(code: number) => void> = [];
    let exited = false;
    child.once('exit', (code) => {
      exited = true;
      for (const listener of exitListeners) listener(code);
    });
    return {
      postMessage: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => exitListeners.push(listener),
      // A utilityProcess never holds the app open (the windows decide when it quits), so there is nothing to ref.
      keepAlive: () => undefined,
      terminate: () =>
        new Promise<void>((resolve) => {
          if (exited) {
            resolve();
            return;
          }
          child.once('exit', () => resolve());
          child.kill();
        }),
    };
  };
}
