/**
 * Child process for the background-priority test (a lowered priority cannot be
 * raised again, so it must not be the test runner's own): starts threads,
 * lowers itself, starts another, and reports every thread's nice value.
 */
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { runInBackground } from '../../src/main/core/workers/backgroundPriority';

const report = (): Record<string, number> =>
  process.platform === 'linux'
    ? Object.fromEntries(fs.readdirSync('/proc/self/task').map((tid) => [tid, os.getPriority(Number(tid))]))
    : { [process.pid]: os.getPriority() };

// Threads that exist before: a worker thread, and libuv's pool (started by the first async fs call).
const early = new Worker('setInterval(() => {}, 1000)', { eval: true });
await once(early, 'online');
await fs.promises.readFile(import.meta.filename);
const before = report();
const failure = runInBackground();
// A thread started afterwards reports its own value (0 names the calling thread on Linux).
const late = new Worker(
  "const { parentPort } = require('node:worker_threads'); parentPort.postMessage(require('node:os').getPriority(0));",
  { eval: true },
);
const [lateNice] = (await once(late, 'message')) as [number];
process.send!({ failure, before, after: report(), lateNice });
await early.terminate();
await late.terminate();
