/**
 * Entry of a scan worker thread: a large re-index stats its files and reads
 * the catalog's rows on several threads at once (scanPool.ts).
 */
import { parentPort } from 'node:worker_threads';
import { runScanWorker } from './scanWorker';

if (!parentPort) throw new Error('scanThread must run as a worker thread');
const port = parentPort;
runScanWorker({ postMessage: (m) => port.postMessage(m), onMessage: (l) => port.on('message', l) });
