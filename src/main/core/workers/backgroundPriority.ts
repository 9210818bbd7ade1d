/**
 * Puts the calling process below normal CPU priority, so that indexing yields
 * to what the user is doing meanwhile (Atelier's own window, Photoshop, a game
 * engine) and costs nothing on an idle machine: the encoder then still gets
 * every core nobody else wants.
 *
 * Linux keeps a nice value per thread, and setpriority on the process id
 * changes its main thread only. So every thread that exists now is lowered by
 * its own id, and threads started later (the vision thread, ONNX Runtime's
 * pool, libvips' workers) inherit the value from the thread that starts them.
 * macOS and Windows apply it to the whole process.
 */
import fs from 'node:fs';
import os from 'node:os';

export const BACKGROUND_PRIORITY = os.constants.priority.PRIORITY_BELOW_NORMAL;

/** Lowers this process's priority; says why not, if it could not (the work then runs at normal priority). */
export function runInBackground(): string | null {
  try {
    if (process.platform !== 'linux') {
      os.setPriority(BACKGROUND_PRIORITY);
      return null;
    }
    for (const tid of fs.readdirSync('/proc/self/task')) {
      try {
        os.setPriority(Number(tid), BACKGROUND_PRIORITY);
      } catch (err) {
        // A thread that ended since the listing is nothing to lower.
        if ((err as { info?: { code?: string } }).info?.code !== 'ESRCH') throw err;
      }
    }
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * Lowers the calling thread only (and the threads it starts later), for work
 * that runs on a thread of a process whose other threads keep normal priority:
 * reading text in images beside the app's main thread. Linux only, where
 * priority is per thread; elsewhere it says why not and changes nothing.
 */
export function runThreadInBackground(): string | null {
  if (process.platform !== 'linux') return 'thread priority is per process on this platform';
  try {
    // "<pid>/task/<tid>": this thread's own id, which Node does not otherwise expose.
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    os.setPriority(tid, BACKGROUND_PRIORITY);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}
