/**
 * A WorkerSpawner that runs the encoder in a child process of its own, for
 * tests that open the app more than once in one process: ONNX Runtime's Node
 * addon loads in one worker thread per process only ("Module did not
 * self-register" in the next one), as Electron's utility process sidesteps.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import type { WorkerHandle, WorkerSpawner } from '../../src/main/core/workers/workerSpawner';
import { ROOT } from './paths';

export function childProcessSpawner(): WorkerSpawner {
  return (): WorkerHandle => {
    const child = fork(path.join(ROOT, 'tests/helpers/encoderChild.ts'), [], {
      execArgv: ['--import', 'tsx'],
      // Structured clone, so Float32Arrays cross as they do between threads.
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const exitListeners: Array<(code: number) => void> = [];
    child.on('exit', (code) => exitListeners.forEach((l) => l(code ?? 1)));
    return {
      postMessage: (m) => child.send(m as never),
      onMessage: (l) => child.on('message', l),
      onExit: (l) => exitListeners.push(l),
      keepAlive: (active) => (active ? child.ref() : child.unref()),
      terminate: async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill();
        await exited;
      },
    };
  };
}
