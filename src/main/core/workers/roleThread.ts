/**
 * Starts a worker thread on an entry file, telling it which role to play
 * (`workerData.role`). A `.ts` entry runs from source through the tsx
 * bootstrap (CLI, serve, tests); a built `.js` entry runs directly.
 */
import { Worker } from 'node:worker_threads';

export function spawnRoleThread(entry: URL, role?: string): Worker {
  const data = role ? { role } : {};
  return entry.pathname.endsWith('.ts')
    ? new Worker(new URL('./tsBootstrap.mjs', import.meta.url), { workerData: { ...data, entry: entry.href } })
    : new Worker(entry, { workerData: data });
}
