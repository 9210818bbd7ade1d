/**
 * Starts a real Milvus for tests, on 127.0.0.1, a free port and a temporary
 * data folder, and stops it (its whole process group) afterwards; a Milvus 2.3
 * one can also be restarted on the same data folder and ports:
 * - `milvus-server` (PyPI `milvus==2.3.5`): the Milvus 2.3 standalone engine;
 * - `milvus-lite server` (PyPI `milvus-lite` 3.x): a Python implementation of the API.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MilvusClient } from '@zilliz/milvus2-sdk-node';
import { milvus23Args } from './milvus23Args';
import { MILVUS_REQUIREMENTS } from './paths';
import { freePort, portAccepts } from './ports';
import { reapOnExit, stopped } from './processGroups';

export type MilvusKind = 'milvus-2.3' | 'milvus-lite';

export interface RunningMilvus {
  kind: MilvusKind;
  uri: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
  /**
   * Milvus 2.3 only: stops the server gracefully (its sessions revoked) and
   * starts it again on the same data folder and ports; resolves once it
   * answers requests again. Some sessions outlive even a clean stop in its
   * embedded etcd and block the restart until their lease (30 s, renewed when
   * etcd starts again) runs out: start a server meant to restart with
   * `--extra-config common.session.ttl=10`.
   */
  restart(): Promise<void>;
}

const INSTALL = `pip install -r ${path.relative(process.cwd(), MILVUS_REQUIREMENTS) || MILVUS_REQUIREMENTS}`;
const EXECUTABLE: Record<MilvusKind, { bin: string; install: string }> = {
  'milvus-2.3': { bin: 'milvus-server', install: INSTALL },
  'milvus-lite': { bin: 'milvus-lite', install: INSTALL },
};

/** The executable's path on PATH, or null. */
export function findExecutable(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return null;
}

/** Why a server cannot be started here, as the failing tests will say it; null when it can. */
export function missingServer(kind: MilvusKind): string | null {
  const { bin, install } = EXECUTABLE[kind];
  return findExecutable(bin) ? null : `${bin} not found: ${install} (or set ATELIER_TEST_NO_MILVUS=1 to skip)`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves when `check` does, polling until `ms` pass or the process exits. */
async function waitFor(child: ChildProcess, what: string, ms: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${what} exited while starting`);
    if (await check().catch(() => false)) return;
    await sleep(250);
  }
  throw new Error(`${what} did not become healthy within ${ms / 1000} s`);
}

/** The port Milvus 2.3's HTTP health endpoint listens on (9091 unless taken), from its startup log. */
function metricsPort(dataDir: string): number | null {
  const log = path.join(dataDir, 'logs', 'milvus-stdout.log');
  const text = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
  const m = /"management listen"\] \[addr=[^:\]]*:(\d+)\]/.exec(text);
  return m ? Number(m[1]) : null;
}

async function healthz(dataDir: string): Promise<boolean> {
  const port = metricsPort(dataDir);
  if (!port) return false;
  const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
  return res.ok && (await res.text()).includes('OK');
}

/** The lines of a server's own logs that say why it did not start. */
function whyNotStarted(dataDir: string): string {
  const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '');
  const errors = read(path.join(dataDir, 'logs', 'milvus-stdout.log'))
    .split('\n')
    .filter((l) => /\[(ERROR|FATAL)\]|panic/.test(l))
    .slice(0, 5);
  return [read(path.join(dataDir, 'launcher.log')).slice(-1000), ...errors].join('\n');
}

/**
 * Starts a server; `extraArgs` go to its command line (e.g. `--authorization-enabled
 * true`). A start that fails is tried once more: the launcher picks its health port
 * (9091 and up) itself, which a server starting beside it can take first.
 */
export async function startMilvus(kind: MilvusKind, extraArgs: string[] = []): Promise<RunningMilvus> {
  const missing = missingServer(kind);
  if (missing) throw new Error(missing);
  try {
    return await startOnce(kind, extraArgs);
  } catch {
    return startOnce(kind, extraArgs);
  }
}

async function startOnce(kind: MilvusKind, extraArgs: string[], timeoutMs = 180_000): Promise<RunningMilvus> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `atelier-${kind}-`));
  const port = await freePort();
  const env = { ...process.env };
  const args =
    kind === 'milvus-2.3'
      ? ['--data', dataDir, '--proxy-port', String(port), ...(await milvus23Args(dataDir, env))]
      : ['server', '--data-dir', dataDir, '--host', '127.0.0.1', '--port', String(port), '--max-workers', '4'];
  args.push(...extraArgs);
  let child = launch(kind, args, env, dataDir);
  /** Signals the whole group; false once no process of it is left. */
  const group = (signal: NodeJS.Signals | 0) => {
    try {
      return process.kill(-child.pid!, signal);
    } catch {
      return false;
    }
  };
  const kill = async () => {
    if (group('SIGTERM')) {
      const deadline = Date.now() + 3_000; // a test server: its data is thrown away anyway
      while (group(0) && Date.now() < deadline) await sleep(100);
      group('SIGKILL');
      // A zombie stays in the group until it is reaped: wait a little, not forever.
      for (let i = 0; i < 40 && group(0); i++) await sleep(50);
    }
    stopped(child.pid!);
  };
  const stop = async () => {
    await kill();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const started = async (check: () => Promise<boolean>) => {
    try {
      await waitFor(child, kind, timeoutMs, check);
    } catch (err) {
      const why = whyNotStarted(dataDir);
      await stop();
      throw new Error(`${(err as Error).message}\n${why}`);
    }
  };
  // Milvus 2.3 reports healthy a moment before its gRPC port opens: wait for both.
  const check = async () => (kind === 'milvus-lite' || (await healthz(dataDir))) && (await portAccepts(port));
  await started(check);
  /** Launches on the same data and ports; resolves once it answers requests, or throws why not. */
  const relaunch = async (ms: number) => {
    // The new launcher writes its own startup log; the old one names a health port that may be gone.
    const log = path.join(dataDir, 'logs', 'milvus-stdout.log');
    if (fs.existsSync(log)) fs.renameSync(log, path.join(dataDir, 'logs', `milvus-stdout.${Date.now()}.log`));
    child = launch(kind, args, env, dataDir);
    // Open ports are not enough after a restart: requests wait until the old sessions are gone.
    await waitFor(child, kind, ms, async () => (await check()) && (await answers(port)));
  };
  const restart = async () => {
    if (kind !== 'milvus-2.3') throw new Error(`restart() is for Milvus 2.3, not ${kind}`);
    await gracefulStop(child, port);
    await kill();
    // A restarted engine sometimes gives up while its embedded etcd still elects a leader and
    // the old sessions' leases run out ("leader changed", "CompareAndSwap … rootcoord"): those
    // leases end within the session TTL, so a second or third start on the same data succeeds.
    const failures: string[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      try {
        return await relaunch(100_000);
      } catch (err) {
        failures.push(`start ${attempt}: ${(err as Error).message}\n${whyNotStarted(dataDir)}`);
        await gracefulStop(child, port).catch(() => undefined);
        await kill();
      }
    }
    await stop();
    throw new Error(`Milvus did not restart on its data:\n${failures.join('\n')}`);
  };
  return { kind, uri: `http://127.0.0.1:${port}`, port, dataDir, stop, restart };
}

/** Starts the launcher in its own process group (milvus-server is a Python launcher with the engine as its child). */
function launch(kind: MilvusKind, args: string[], env: NodeJS.ProcessEnv, dataDir: string): ChildProcess {
  const out = fs.openSync(path.join(dataDir, 'launcher.log'), 'a');
  const child = spawn(EXECUTABLE[kind].bin, args, { detached: true, stdio: ['ignore', out, out], env });
  fs.closeSync(out);
  reapOnExit(child.pid!);
  return child;
}

/** The process's state letter from /proc (R, S, Z, …), or null once it is gone. */
function procState(pid: number): string | null {
  try {
    return /\) (\w)/.exec(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1] ?? null;
  } catch {
    return null;
  }
}

/**
 * Stops Milvus 2.3 the way its own Ctrl-C would if it waited: SIGTERM to the
 * engine alone (the launcher would SIGKILL it after 1 s), then wait until it
 * exited, which revokes its sessions in the embedded etcd. Bounded: a stop
 * that hangs fails the test rather than leaving sessions a restart trips on.
 */
async function gracefulStop(launcher: ChildProcess, port: number, ms = 60_000): Promise<void> {
  const children = fs.readFileSync(`/proc/${launcher.pid}/task/${launcher.pid}/children`, 'utf8');
  const engine = Number(children.trim().split(/\s+/)[0]);
  if (!engine) throw new Error('the Milvus launcher has no engine process to stop');
  process.kill(engine, 'SIGTERM');
  const deadline = Date.now() + ms;
  // The launcher does not reap its engine: an exited engine stays a zombie until the launcher ends.
  while (![null, 'Z', 'X'].includes(procState(engine)) || (await portAccepts(port))) {
    if (Date.now() > deadline) throw new Error(`Milvus did not stop within ${ms / 1000} s of SIGTERM`);
    await sleep(250);
  }
}

/** Whether the server answers a request (listing collections), within a few seconds. */
async function answers(port: number): Promise<boolean> {
  const client = new MilvusClient({ address: `127.0.0.1:${port}`, timeout: 5_000, logLevel: 'error' });
  try {
    await client.connectPromise;
    const res = await client.showCollections({ timeout: 5_000 });
    return res.status.error_code === 'Success';
  } catch {
    return false;
  } finally {
    await client.closeConnection().catch(() => undefined);
  }
}
