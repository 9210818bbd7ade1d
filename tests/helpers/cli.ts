/** Runs the real `atelier` command in a child process, as a user would. */
import { spawn, type SpawnOptions } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './paths';

export const BIN = path.join(ROOT, 'bin', 'atelier.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions extends SpawnOptions {
  env?: NodeJS.ProcessEnv;
  /** A command to run node under, e.g. setpriv to drop capabilities. */
  prefix?: string[];
}

export function runCli(args: string[], { prefix = [], ...options }: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const argv = [...prefix, process.execPath, BIN, ...args];
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: ROOT,
      ...options,
      env: { ...process.env, ATELIER_PROVIDER: 'cpu', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Parses stdout as the single JSON document `--json` promises, with the whole output in the failure message. */
export function json<T>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${result.code}).\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  }
}
