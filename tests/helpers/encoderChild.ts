/** Entry of the encoder as a child process (encoderProcess.ts): the worker logic over Node's IPC channel. */
import { runEncoderWorker } from '../../src/main/core/clip/encoderWorker';
import { spawnRoleThread } from '../../src/main/core/workers/roleThread';

if (!process.send) throw new Error('encoderChild must run as a forked child process');
const send = process.send.bind(process);
const encoderThread = new URL('../../src/main/core/clip/encoderThread.ts', import.meta.url);
runEncoderWorker(
  {
    postMessage: (m) => send(m),
    onMessage: (l) => process.on('message', l),
  },
  {
    // The vision thread runs from the thread entry, which plays the `vision` role when told to.
    spawnVisionThread: () => spawnRoleThread(encoderThread, 'vision'),
    // Ending the process tells the client, which fails what was pending and starts afresh.
    onVisionExit: (code) => process.exit(code || 1),
  },
);
