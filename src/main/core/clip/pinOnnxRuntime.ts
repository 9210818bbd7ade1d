/**
 * Keeps onnxruntime-node's native binding loaded in this process for its whole
 * life. The binding registers itself once per process: after the last thread
 * that loaded it ends, loading it in a new worker thread fails with "Module did
 * not self-register". Loaded here (on the thread that starts encoder threads,
 * with no session and so no work), it outlives every encoder thread, and an
 * encoder can be closed and another started in its place, as a model switch
 * does. Not for Electron's main process, whose encoder lives in a process of
 * its own.
 */
import { createRequire } from 'node:module';
import type { WorkerSpawner } from '../workers/workerSpawner';

let pinned = false;

export function pinOnnxRuntime(): void {
  if (pinned) return;
  createRequire(import.meta.url)('onnxruntime-node');
  pinned = true;
}

/** A spawner that pins the binding on this thread before its first worker starts. */
export function pinningOnnxRuntime(spawn: WorkerSpawner): WorkerSpawner {
  return () => {
    pinOnnxRuntime();
    return spawn();
  };
}
