/**
 * A Python environment of its own for the Milvus servers, for a machine where
 * `milvus-server` and `milvus-lite` are not on PATH: made on first use under
 * node_modules/.cache with the pins of tests/vectors/milvus-requirements.txt
 * (the file .ci/run installs from too), then reused while the pins stay the same.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { findExecutable } from './milvusProcess';
import { MILVUS_REQUIREMENTS, ROOT } from './paths';

const CACHE = path.join(ROOT, 'node_modules', '.cache', 'atelier-milvus-venv');
/** Written last: a folder without it is a half-made environment (an interrupted run), made again. */
const DONE = 'atelier-requirements.txt';

/** Runs a command, passing each line it prints to `log`; rejects with its last lines if it fails. */
function run(command: string, args: string[], log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    let partial = '';
    const take = (d: Buffer) => {
      const lines = (partial + d.toString()).split('\n');
      partial = lines.pop()!;
      for (const line of lines.filter((l) => l.trim())) {
        log(line);
        tail.push(line);
        if (tail.length > 5) tail.shift();
      }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${tail.join(' / ')}`)),
    );
  });
}

/**
 * The `bin` folder of an environment holding the pinned Milvus packages, made
 * now if needed (pip downloads them: minutes, once). Throws one line saying what
 * to install when Python 3 or its venv module is missing.
 */
export async function milvusEnvironment(log: (line: string) => void = console.warn): Promise<string> {
  const pins = fs.readFileSync(MILVUS_REQUIREMENTS, 'utf8');
  const dir = path.join(CACHE, createHash('sha256').update(pins).digest('hex').slice(0, 12));
  const bin = path.join(dir, process.platform === 'win32' ? 'Scripts' : 'bin');
  const done = path.join(dir, DONE);
  if (fs.existsSync(done)) return bin;
  fs.mkdirSync(CACHE, { recursive: true });
  const release = await lock(`${dir}.lock`, log);
  try {
    // Another run may have made it while this one waited.
    if (!fs.existsSync(done)) await make(dir, bin, pins, log);
  } finally {
    release();
  }
  return bin;
}

/** Holds a lock folder, so two test runs started at once make one environment between them. */
async function lock(folder: string, log: (line: string) => void): Promise<() => void> {
  const owner = path.join(folder, 'pid');
  for (let said = false; ;) {
    try {
      fs.mkdirSync(folder);
      fs.writeFileSync(owner, String(process.pid));
      return () => fs.rmSync(folder, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let pid = 0; // not written yet, or released meanwhile: wait a turn
    try {
      pid = Number(fs.readFileSync(owner, 'utf8'));
    } catch {
      // as above
    }
    if (pid > 0 && !alive(pid)) {
      fs.rmSync(folder, { recursive: true, force: true }); // left by a run that was killed
      continue;
    }
    if (!said) log(`[milvus] waiting for another test run (pid ${pid || '?'}) making the Python environment`);
    said = true;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function make(dir: string, bin: string, pins: string, log: (line: string) => void): Promise<void> {
  const python = findExecutable('python3') ?? findExecutable('python');
  if (!python) {
    throw new Error(
      'Python 3 not found: install it (apt-get install python3 python3-venv) to run the Milvus suites, ' +
        'or set ATELIER_TEST_NO_MILVUS=1 to skip them',
    );
  }
  const started = Date.now();
  log(`[milvus] milvus-server or milvus-lite is not on PATH: making a Python environment in ${dir} (once)`);
  fs.rmSync(dir, { recursive: true, force: true });
  try {
    await run(python, ['-m', 'venv', dir], log);
  } catch (err) {
    throw new Error(
      `${python} -m venv failed (apt-get install python3-venv): ${(err as Error).message.split('\n')[0]}`,
    );
  }
  const pip = ['-m', 'pip', 'install', '--disable-pip-version-check', '--progress-bar', 'off'];
  await run(path.join(bin, 'python'), [...pip, '-r', MILVUS_REQUIREMENTS], (line) => log(`[milvus] pip: ${line}`));
  fs.writeFileSync(path.join(dir, DONE), pins);
  log(`[milvus] Python environment ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
