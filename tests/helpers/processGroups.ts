/**
 * Process groups a test run started (the Milvus servers, detached so that a
 * whole group can be stopped): killed should the run end before it stopped
 * them, on Ctrl-C, a termination signal or an exit, so no server outlives it.
 * (A SIGKILL of the runner cannot be caught: then they are left running.)
 */
const live = new Set<number>();
let installed = false;

function killLive(): void {
  for (const pgid of live) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}

/** Kills the group `pgid` if this process ends while it still runs. */
export function reapOnExit(pgid: number): void {
  live.add(pgid);
  if (installed) return;
  installed = true;
  process.on('exit', killLive);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killLive();
      // Ours was the only handler: end as the signal would have.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

/** The group was stopped: nothing to do for it at exit. */
export function stopped(pgid: number): void {
  live.delete(pgid);
}
