/**
 * Entry of the OCR worker as a worker thread: text is read beside the app, at
 * background priority, so reading yields to searching, browsing and embedding.
 */
import { parentPort } from 'node:worker_threads';
import { runThreadInBackground } from '../workers/backgroundPriority';
import { runOcrWorker } from './ocrWorker';

if (!parentPort) throw new Error('ocrThread must run as a worker thread');
const port = parentPort;
// Off Linux, where priority is per process, the thread runs at normal priority: nothing to report.
runThreadInBackground();
runOcrWorker({ postMessage: (m) => port.postMessage(m), onMessage: (l) => port.on('message', l) });
