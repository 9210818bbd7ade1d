// Runs a TypeScript worker entry from source (CLI, serve, tests): Node 20 does
// not pass a parent's --import loaders to worker threads, so register tsx here.
import { workerData } from 'node:worker_threads';

const { register } = await import('tsx/esm/api');
register();
await import(workerData.entry);
