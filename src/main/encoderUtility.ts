/**
 * Entry of the encoder as an Electron utilityProcess: the same worker logic as
 * core/clip/encoderThread.ts, over `process.parentPort` instead of a worker port.
 */
import type { ParentPort } from 'electron';
import { runEncoderWorker } from './core/clip/encoderWorker';

// Electron types parentPort as always present; it is null outside a utilityProcess.
const parentPort: ParentPort | null = process.parentPort ?? null;
if (!parentPort) throw new Error('encoderUtility must run as an Electron utilityProcess');
const port = parentPort;

runEncoderWorker({
  postMessage: (message) => port.postMessage(message),
  onMessage: (listener) => port.on('message', (event) => listener(event.data)),
});
