/**
 * Runs ffmpeg as a child process, never longer than a time limit and never
 * after its caller gave up: on timeout or cancel it is killed, so a broken or
 * endless file cannot hold the indexer. Its output is read as it comes, so
 * memory stays bounded by what the caller keeps.
 */
import { spawn } from 'node:child_process';

export class FfmpegError extends Error {}

export interface FfmpegRun {
  ffmpeg: string;
  args: string[];
  /** Killed after this long. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Hears stdout as it arrives; without it stdout is dropped. */
  onData?: (chunk: Buffer) => void;
}

/** The last bytes of stderr kept: ffmpeg's reason for failing is at the end. */
const STDERR_KEEP = 16_384;

/** Resolves with ffmpeg's stderr when it exits, whatever its exit code (probing exits 1 by design). */
export function runFfmpeg(run: FfmpegRun): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    if (run.signal?.aborted) {
      reject(new FfmpegError('cancelled'));
      return;
    }
    const child = spawn(run.ffmpeg, ['-hide_banner', '-nostdin', ...run.args], {
      stdio: ['ignore', run.onData ? 'pipe' : 'ignore', 'pipe'],
      windowsHide: true,
    });
    let stderr = '';
    let failure: FfmpegError | null = null;
    const stop = (reason: string) => {
      failure ??= new FfmpegError(reason);
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop(`took longer than ${Math.round(run.timeoutMs / 1000)} s`), run.timeoutMs);
    const onAbort = () => stop('cancelled');
    run.signal?.addEventListener('abort', onAbort, { once: true });
    if (run.onData) child.stdout!.on('data', run.onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEEP);
    });
    child.on('error', (err) => stop(`could not start ffmpeg (${err.message})`));
    child.on('close', (code) => {
      clearTimeout(timer);
      run.signal?.removeEventListener('abort', onAbort);
      if (failure) reject(failure);
      else resolve({ code, stderr });
    });
  });
}
