/**
 * An indexing job cut off by `kill -9` of `atelier serve` is resumed when serve
 * starts again, and finishes. The pace is set by the catalog's lease: the test
 * holds one of the job's two folders, so the job indexes the other, then waits
 * (and says so) until the test lets go; it is killed while it waits.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Catalog } from '../../src/main/core/catalog/catalog';
import type { IndexProgress, IndexSummary } from '../../src/shared/types';
import { solid } from '../helpers/images';
import { COLOR_MODEL } from '../helpers/paths';
import { serve, type Served } from '../helpers/serve';

const PER_FOLDER = 5;

interface EventMessage {
  name: string;
  payload: unknown;
}

/** The server's events, from now on, with a way to wait for one. */
async function listen(server: Served) {
  const token = new URL(server.url).searchParams.get('token')!;
  const socket = new WebSocket(`${server.origin.replace('http', 'ws')}/events`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const received: EventMessage[] = [];
  const waiters: Array<() => void> = [];
  socket.on('message', (data: Buffer) => {
    received.push(JSON.parse(data.toString()) as EventMessage);
    for (const w of [...waiters]) w();
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return {
    received,
    close: () => socket.close(),
    waitFor: (match: (m: EventMessage) => boolean) =>
      new Promise<EventMessage>((resolve) => {
        const check = () => {
          const found = received.find(match);
          if (!found) return;
          waiters.splice(waiters.indexOf(check), 1);
          resolve(found);
        };
        waiters.push(check);
        check();
      }),
  };
}

async function call<T>(server: Served, name: string, body: unknown): Promise<T> {
  const token = new URL(server.url).searchParams.get('token')!;
  const res = await fetch(`${server.origin}/api/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return ((await res.json()) as { value: T }).value;
}

const progressOf = (jobId: string, phase: IndexProgress['phase']) => (m: EventMessage) =>
  m.name === 'library.progress' &&
  (m.payload as IndexProgress).jobId === jobId &&
  (m.payload as IndexProgress).phase === phase;

describe('an indexing job cut off by kill -9', { timeout: 180_000 }, () => {
  let tmp: string;
  let a: string;
  let b: string;
  let data: string;
  let web: string;
  let catalog: Catalog;
  const servers: Served[] = [];

  const start = async () => {
    const server = await serve(['--data', data, '--model', COLOR_MODEL], 90_000, { ATELIER_RENDERER_DIR: web });
    servers.push(server);
    return server;
  };
  const hold = (folder: string) =>
    catalog.db
      .prepare(
        `INSERT INTO index_leases (folder, job_id, pid, host, heartbeat_at, taken_at) VALUES (?, 'held-by-test', ?, ?, ?, ?)`,
      )
      .run(folder, process.pid, os.hostname(), Date.now() + 600_000, Date.now());
  const letGo = () => catalog.db.prepare(`DELETE FROM index_leases WHERE job_id = 'held-by-test'`).run();
  const embeddings = () => (catalog.db.prepare(`SELECT count(*) AS n FROM embeddings`).get() as { n: number }).n;
  const runningIndexJobs = () => catalog.jobsIn('running', 'index');

  beforeAll(async () => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-resume-')));
    a = path.join(tmp, 'a');
    b = path.join(tmp, 'b');
    data = path.join(tmp, 'data');
    for (let i = 0; i < PER_FOLDER; i++) {
      await solid(path.join(a, `a-${i}.png`), [i * 50, 20, 200], 32 + i);
      await solid(path.join(b, `b-${i}.png`), [20, i * 50, 100], 48 + i);
    }
    web = path.join(tmp, 'web');
    fs.mkdirSync(web);
    fs.writeFileSync(
      path.join(web, 'index.html'),
      `<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src 'self'"><title>Atelier</title>`,
    );
    catalog = Catalog.open(path.join(data, 'catalog.db'));
  });
  afterAll(async () => {
    for (const server of servers) await server.kill('SIGKILL');
    catalog?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('is resumed when serve starts again, and finishes', async () => {
    hold(b);
    const first = await start();
    const events = await listen(first);
    const { jobId } = await call<{ jobId: string }>(first, 'library.index', { folders: [a, b] });
    // Folder a goes first; then the job waits for b, which "another process" (this test) indexes.
    const waiting = await events.waitFor(progressOf(jobId, 'waiting'));
    expect((waiting.payload as IndexProgress).holder).toEqual({ pid: process.pid, host: os.hostname(), folder: b });
    expect(embeddings()).toBe(PER_FOLDER);
    events.close();
    expect(await first.kill('SIGKILL')).toBe('SIGKILL');
    expect(catalog.job(jobId)?.state).toBe('running');

    // Serve starts again while b is still held, so the resumed job is seen from its start.
    const second = await start();
    const resumedEvents = await listen(second);
    const [resumed] = runningIndexJobs();
    expect(resumed).toMatchObject({ payload: { folders: [a, b] } });
    expect(catalog.job(jobId)).toMatchObject({ state: 'cancelled', error: `resumed as job ${resumed!.id}` });

    letGo();
    const indexed = await resumedEvents.waitFor(
      (m) => m.name === 'library.indexed' && (m.payload as { jobId: string }).jobId === resumed!.id,
    );
    resumedEvents.close();
    // What the first run committed is kept; only b went through the model.
    expect((indexed.payload as { summary: IndexSummary }).summary).toMatchObject({
      scanned: 2 * PER_FOLDER,
      embedded: PER_FOLDER,
    });
    expect(resumedEvents.received.some(progressOf(resumed!.id, 'embedding'))).toBe(true);
    expect(catalog.job(resumed!.id)?.state).toBe('succeeded');
    expect(embeddings()).toBe(2 * PER_FOLDER);
  });
});
