/**
 * The real `atelier` processes of a soak run: one-shot commands (index,
 * search) and `atelier serve`, each in a process group of its own so that a
 * `kill -9` takes it whole, and every group still running is killed when the
 * run ends, fails or is interrupted (tests/helpers/processGroups.ts reaps them
 * should the harness itself exit first).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { reapOnExit, stopped } from '../tests/helpers/processGroups';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin', 'atelier.js');

export interface CommandResult {
  /** Exit code, or null when a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when the harness killed it on purpose. */
  killed: boolean;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface RunningCommand {
  pid: number;
  done: Promise<CommandResult>;
  /** kill -9 of the whole group, counted as the harness's own doing. */
  kill(): void;
}

export interface Served {
  origin: string;
  token: string;
  pid: number;
  /** Settles when the process ends, however it ends. */
  exited: Promise<void>;
  kill(): void;
}

/** Every group this run started, so that none outlives it. */
export class ChildPool {
  private readonly live = new Map<number, ChildProcess>();
  private closed = false;

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly cwd = ROOT,
  ) {}

  private spawn(args: string[], extraEnv: NodeJS.ProcessEnv = {}): ChildProcess {
    if (this.closed) throw new Error(`not starting atelier ${args[0]}: the soak run was stopped`);
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: this.cwd,
      // ATELIER_DEBUG: a failure's message comes with its stack, to tell which part failed.
      env: { ...process.env, ATELIER_PROVIDER: 'cpu', ATELIER_DEBUG: '1', ...this.env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const pid = child.pid;
    if (pid !== undefined) {
      this.live.set(pid, child);
      reapOnExit(pid);
      child.once('exit', () => {
        this.live.delete(pid);
        stopped(pid);
      });
    }
    return child;
  }

  /** Runs `atelier <args>` to its end. */
  command(args: string[]): RunningCommand {
    const t0 = performance.now();
    const child = this.spawn(args);
    let killed = false;
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const done = new Promise<CommandResult>((resolve) => {
      child.once('error', (err) => resolve({ code: -1, signal: null, killed, stdout, stderr: err.message, ms: 0 }));
      child.once('close', (code, signal) =>
        resolve({ code, signal, killed, stdout, stderr, ms: performance.now() - t0 }),
      );
    });
    return {
      pid: child.pid ?? -1,
      done,
      kill: () => {
        killed = true;
        killGroup(child);
      },
    };
  }

  /** Starts `atelier serve` on a free port and resolves once it prints its address. */
  serve(args: string[], staticDir: string, timeoutMs = 120_000): Promise<Served> {
    const child = this.spawn(['serve', '--port', '0', ...args], { ATELIER_RENDERER_DIR: staticDir });
    let stdout = '';
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        killGroup(child);
        reject(new Error(`atelier serve printed no address in ${timeoutMs} ms. stderr: ${stderr}`));
      }, timeoutMs);
      const early = (code: number | null) => {
        clearTimeout(timer);
        reject(new Error(`atelier serve exited with ${code} before printing an address. stderr: ${stderr}`));
      };
      child.once('exit', early);
      child.stdout!.on('data', (d: Buffer) => {
        stdout += d.toString();
        const url = /^(http:\/\/\S+\?token=(\S+))$/m.exec(stdout);
        if (!url) return;
        clearTimeout(timer);
        child.off('exit', early);
        const address = new URL(url[1]!);
        resolve({
          origin: address.origin,
          token: url[2]!,
          pid: child.pid ?? -1,
          exited,
          kill: () => killGroup(child),
        });
      });
    });
  }

  /** Kills every group still running and waits until each has exited. */
  async killAll(): Promise<void> {
    const children = [...this.live.values()];
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            killGroup(child);
          }),
      ),
    );
  }

  /** Kills every group still running and refuses to start more (a test that failed or timed out). */
  async close(): Promise<void> {
    this.closed = true;
    await this.killAll();
  }

  get running(): number {
    return this.live.size;
  }
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** A page for `serve` to serve: the soak talks to the API only, so the interface need not be built. */
export function staticPage(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    `<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src 'self'"><title>Atelier</title>`,
  );
  return dir;
}
