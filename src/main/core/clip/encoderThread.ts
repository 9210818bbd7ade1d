/**
 * Entry of the encoder as a worker thread (CLI, serve, tests). The same file
 * also runs the encoder's vision thread, started from here with the role
 * `vision` (see encoderWorker.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { spawnRoleThread } from '../workers/roleThread';
import { runEncoderWorker } from './encoderWorker';
import { runVisionThread } from './visionThread';

if (!parentPort) throw new Error('encoderThread must run as a worker thread');
const port = parentPort;
if ((workerData as { role?: string } | null)?.role === 'vision') {
  runVisionThread(port);
} else {
  runEncoderWorker(
    { postMessage: (m) => port.postMessage(m), onMessage: (l) => port.on('message', l) },
    {
      spawnVisionThread: () => spawnRoleThread(new URL(import.meta.url), 'vision'),
      // Ending this thread tells the client, which fails what was pending and starts afresh.
      onVisionExit: (code) => process.exit(code || 1),
    },
  );
}
