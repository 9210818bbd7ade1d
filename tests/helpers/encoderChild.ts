/** Entry of the encoder as a child process (encoderProcess.ts): the worker logic over Node's IPC channel. */
import { runEncoderWorker } from '../../src/main/core/clip/encoderWorker';

if (!process.send) throw new Error('encoderChild must run as a forked child process');
const send = process.send.bind(process);
runEncoderWorker({
  postMessage: (m) => send(m),
  onMessage: (l) => process.on('message', l),
});
