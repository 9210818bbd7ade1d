/**
 * Runs one benchmark case in a process of its own (so one case's memory and
 * JIT state do not count in the next) and reads back the one result line it prints.
 */
import { spawn } from 'node:child_process';

const RESULT = 'BENCH_RESULT ';

/** Runs this benchmark's own entry file again with `args` and resolves with its result. */
export function runChild<T>(args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT));
      if (code === 0 && line) resolve(JSON.parse(line.slice(RESULT.length)) as T);
      else reject(new Error(`${args.join(' ')} failed (exit ${code})`));
    });
  });
}

/** What a child prints: its result, on a line the parent finds among any other output. */
export function printChildResult(result: unknown): void {
  process.stdout.write(`${RESULT}${JSON.stringify(result)}\n`);
}
