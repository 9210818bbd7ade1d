/**
 * The encoder's process runs below normal priority, every thread of it: on
 * Linux the nice value is per thread, so the threads that existed before (a
 * worker, libuv's pool) are lowered one by one, and a thread started later
 * inherits it.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKGROUND_PRIORITY } from '../../src/main/core/workers/backgroundPriority';
import { ROOT } from '../helpers/paths';

interface Report {
  failure: string | null;
  before: Record<string, number>;
  after: Record<string, number>;
  lateNice: number;
}

describe('background priority', () => {
  it('lowers every thread of the process, and threads started later inherit it', async () => {
    const child = fork(path.join(ROOT, 'tests/helpers/priorityChild.ts'), [], { execArgv: ['--import', 'tsx'] });
    const [message] = (await once(child, 'message')) as [Report];
    await once(child, 'exit');
    expect(message.failure).toBeNull();
    expect(BACKGROUND_PRIORITY).toBeGreaterThan(0); // "nicer" than normal on Unix
    // Started at normal priority: the lowering is what changed it.
    expect(Object.values(message.before).every((nice) => nice === 0)).toBe(true);
    const after = Object.entries(message.after);
    if (process.platform === 'linux') {
      // The main thread, the early worker, libuv's pool and V8's platform threads, at least.
      expect(after.length).toBeGreaterThanOrEqual(6);
      for (const tid of Object.keys(message.before)) {
        if (tid in message.after) expect(message.after[tid], `thread ${tid}`).toBe(BACKGROUND_PRIORITY);
      }
    }
    for (const [tid, nice] of after) expect(nice, `thread ${tid}`).toBe(BACKGROUND_PRIORITY);
    expect(message.lateNice).toBe(BACKGROUND_PRIORITY);
  });
});
