/**
 * Calls to a worker answered by id, on a real worker thread: results and errors reach their caller,
 * the load is sent once per worker, a failed load is tried again, and a worker that dies fails the
 * calls pending on it with a message naming it, then a new one starts (and loads) on the next call.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { nodeWorkerSpawner } from '../../src/main/core/workers/nodeWorker';
import { type WorkerCalls, workerCalls } from '../../src/main/core/workers/workerCalls';

type Command = { type: 'load' | 'echo' | 'fail' | 'die'; text?: string; refuse?: boolean };
const spawn = nodeWorkerSpawner(new URL('./fixtures/echoWorker.ts', import.meta.url));

describe('worker calls', () => {
  let calls: WorkerCalls<Command> | null = null;
  afterEach(async () => {
    await calls?.close();
  });

  it('matches each answer to its call, results and errors alike', async () => {
    calls = workerCalls<Command>(spawn, 'echo worker');
    const answers = await Promise.allSettled([
      calls.send<string>({ type: 'echo', text: 'a' }),
      calls.send<string>({ type: 'fail' }),
      calls.send<string>({ type: 'echo', text: 'b' }),
    ]);
    expect(answers[0]).toEqual({ status: 'fulfilled', value: 'a' });
    expect(answers[1]).toMatchObject({ status: 'rejected', reason: new Error('refused: fail') });
    expect(answers[2]).toEqual({ status: 'fulfilled', value: 'b' });
  });

  it('loads once per worker, tries a failed load again, and loads a new worker after one dies', async () => {
    calls = workerCalls<Command>(spawn, 'echo worker');
    let refuse = true;
    const load = () => ({ type: 'load' as const, refuse });
    await expect(calls.loaded<string>(load)).rejects.toThrow('refused: load');
    refuse = false;
    const first = await calls.loaded<string>(load);
    expect(first).toMatch(/^thread \d+, load 1$/);
    expect(await calls.loaded<string>(load)).toBe(first);

    const pending = calls.send<string>({ type: 'die' });
    await expect(pending).rejects.toThrow(/^The echo worker stopped unexpectedly \(exit code 3\)$/);
    // A new worker, loaded anew: another thread, its first load.
    const second = await calls.loaded<string>(load);
    expect(second).toMatch(/^thread \d+, load 1$/);
    expect(second.split(',')[0]).not.toBe(first.split(',')[0]);
    expect(await calls.send<string>({ type: 'echo', text: 'again' })).toBe('again');
  });
});
