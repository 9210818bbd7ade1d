/**
 * Entry of the encoder as an Electron utilityProcess: the same worker logic as
 * core/clip/encoderThread.ts, over `process.parentPort` instead of a worker port.
 * The bundled file also runs the encoder's vision thread: started from here as
 * a worker thread with the role `vision`.
 */
import { isMainThread, parentPort as threadPort, Worker, workerData } from 'node:worker_threads';
import type { ParentPort } from 'electron';
import { runEncoderWorker } from './core/clip/encoderWorker';
import { runVisionThread } from './core/clip/visionThread';
import { runInBackground } from './core/workers/backgroundPriority';

if (!isMainThread && (workerData as { role?: string } | null)?.role === 'vision' && threadPort) {
  runVisionThread(threadPort);
} else {
  // Electron types parentPort as always present; it is null outside a utilityProcess.
  const parentPort: ParentPort | null = process.parentPort ?? null;
  if (!parentPort) throw new Error('encoderUtility must run as an Electron utilityProcess');
  const port = parentPort;
  // Indexing yields to what the user does meanwhile; threads started from here inherit the priority.
  const normal = runInBackground();
  if (normal) console.warn(`The encoder runs at normal priority: ${normal}`);

  runEncoderWorker(
    {
      postMessage: (message) => port.postMessage(message),
      onMessage: (listener) => port.on('message', (event) => listener(event.data)),
    },
    {
      spawnVisionThread: () => new Worker(new URL(import.meta.url), { workerData: { role: 'vision' } }),
      // Ending the process tells the client, which fails what was pending and starts afresh.
      onVisionExit: (code) => process.exit(code || 1),
    },
  );
}
