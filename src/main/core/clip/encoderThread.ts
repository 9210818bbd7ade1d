/**
 * Entry of the encoder as a worker thread (CLI, serve, tests). The same file
 * also runs the encoder's vision thread, started from here with the role
 * `vision` (see encoderWorker.ts). Each role loads only its own modules: the
 * vision thread needs no decoders, and a text query waits on no more loading
 * than its own.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { spawnRoleThread } from '../workers/roleThread';

if (!parentPort) throw new Error('encoderThread must run as a worker thread');
const port = parentPort;
if ((workerData as { role?: string } | null)?.role === 'vision') {
  const { runVisionThread } = await import('./visionThread');
  runVisionThread(port);
} else {
  const { runEncoderWorker } = await import('./encoderWorker');
  runEncoderWorker(
    { postMessage: (m) => port.postMessage(m), onMessage: (l) => port.on('message', l) },
    {
      spawnVisionThread: () => spawnRoleThread(new URL(import.meta.url), 'vision'),
      // Ending this thread tells the client, which fails what was pending and starts afresh.
      onVisionExit: (code) => process.exit(code || 1),
    },
  );
}
