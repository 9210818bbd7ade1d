/** Entry of the encoder as a worker thread (CLI, serve, tests). */
import { parentPort } from 'node:worker_threads';
import { runEncoderWorker } from './encoderWorker';

if (!parentPort) throw new Error('encoderThread must run as a worker thread');
const port = parentPort;
runEncoderWorker({
  postMessage: (m) => port.postMessage(m),
  onMessage: (l) => port.on('message', l),
});
