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

export interface RunningCli {
  pid: number;
  /** Resolves with stderr once it matches `pattern`; rejects if the command ends first. */
  stderrMatches(pattern: RegExp): Promise<string>;
  done: Promise<CliResult>;
}

/** Starts the command and lets the test follow its stderr while it runs. */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, ATELIER_PROVIDER: 'cpu', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: Array<() => void> = [];
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    for (const w of [...waiters]) w();
  });
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
      for (const w of [...waiters]) w();
    });
  });
  return {
    pid: child.pid!,
    done,
    stderrMatches: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(stderr)) {
            waiters.splice(waiters.indexOf(check), 1);
            resolve(stderr);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            waiters.splice(waiters.indexOf(check), 1);
            reject(
              new Error(`the command ended (${child.exitCode}) before stderr matched ${pattern}.\nstderr: ${stderr}`),
            );
          }
        };
        waiters.push(check);
        check();
      }),
  };
}
