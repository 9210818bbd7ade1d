/** Runs the real `atelier serve` in a child process and reads the address it prints. */
import { type ChildProcess, spawn } from 'node:child_process';
import { BIN } from './cli';
import { ROOT } from './paths';

export interface Served {
  url: string;
  origin: string;
  stderr(): string;
  stop(): Promise<void>;
  /** Sends `signal` (a crash: SIGKILL) and resolves with the signal the process ended by. */
  kill(signal: NodeJS.Signals): Promise<NodeJS.Signals | null>;
}

export function serve(args: string[], timeoutMs = 120_000, env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], {
    cwd: ROOT,
    env: { ...process.env, ATELIER_PROVIDER: 'cpu', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`atelier serve printed no address in ${timeoutMs} ms.\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`atelier serve exited with ${code} before printing an address.\nstderr: ${stderr}`));
    });
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const url = /^(http:\/\/\S+\?token=\S+)$/m.exec(stdout)?.[1];
      if (!url) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({
        url,
        origin: new URL(url).origin,
        stderr: () => stderr,
        kill: (signal) =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done(child.signalCode);
            child.once('exit', (_code, ended) => done(ended));
            child.kill(signal);
          }),
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
