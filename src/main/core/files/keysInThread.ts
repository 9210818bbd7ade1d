/**
 * Content keys of many files, read and hashed on a thread of their own and
 * given back in order, a batch at a time: the indexer writes the catalog for
 * the files already keyed while the next ones are read, where on one thread
 * each would wait for the other (a re-index of a large library reads tens of
 * thousands of files the disk no longer caches). The keys are contentKey.ts's.
 */
import { Worker } from 'node:worker_threads';

export type Keyed = { key: string } | { error: NodeJS.ErrnoException };

/**
 * Plain JavaScript, run as it is: no loader for TypeScript needs to start in the thread. Modules are
 * loaded through `load`, never by calling `require` by name: electron-vite adds CommonJS shims to a
 * built chunk that calls it, after what a regular expression takes for the chunk's last import, and
 * a string elsewhere in main (networkFailure.ts's "atelier models import") misleads it into cutting
 * that string in two. The installers test builds main and would fail.
 */
const SOURCE = `
const load = require;
const { parentPort, workerData } = load('node:worker_threads');
const fs = load('node:fs');
const { createHash } = load('node:crypto');
const buffer = Buffer.alloc(1 << 20);
function keyOf(file, size) {
  const fd = fs.openSync(file, 'r');
  try {
    const hash = createHash('sha256');
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      hash.update(buffer.subarray(0, n));
    }
    return size + '-' + hash.digest('hex').slice(0, 40);
  } finally {
    fs.closeSync(fd);
  }
}
let out = [];
let sent = false;
for (const [file, size] of workerData.files) {
  try {
    out.push({ key: keyOf(file, size) });
  } catch (err) {
    out.push({ error: { code: err.code, message: err.message } });
  }
  if (out.length === (sent ? workerData.batch : workerData.first)) {
    sent = true;
    parentPort.postMessage(out);
    out = [];
  }
}
if (out.length > 0) parentPort.postMessage(out);
`;

type Message = Array<{ key: string } | { error: { code?: string; message: string } }>;

function errorOf({ code, message }: { code?: string; message: string }): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(message);
  if (code !== undefined) err.code = code;
  return err;
}

/**
 * The keys of `files`, in their order, `batch` at a time but for the first batch, of `first`: the
 * caller has nothing to do until it comes.
 */
export async function* keysInThread(
  files: ReadonlyArray<{ path: string; size: number }>,
  batch: number,
  first = batch,
): AsyncGenerator<Keyed[]> {
  if (files.length === 0) return;
  const workerData = { files: files.map((f) => [f.path, f.size]), batch, first };
  const worker = new Worker(SOURCE, { eval: true, workerData });
  const queue: Keyed[][] = [];
  const state: { failed: Error | null; exited: boolean } = { failed: null, exited: false };
  let wake: (() => void) | null = null;
  const woken = () => {
    wake?.();
    wake = null;
  };
  worker.on('message', (m: Message) => {
    queue.push(m.map((r) => ('key' in r ? r : { error: errorOf(r.error) })));
    woken();
  });
  worker.on('error', (err) => {
    state.failed = err;
    woken();
  });
  worker.on('exit', () => {
    state.exited = true;
    woken();
  });
  try {
    for (let given = 0; given < files.length;) {
      const next = queue.shift();
      if (next) {
        given += next.length;
        yield next;
        continue;
      }
      if (state.failed) throw state.failed;
      if (state.exited) throw new Error(`The hashing thread stopped after ${given} of ${files.length} files`);
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    await worker.terminate();
  }
}
