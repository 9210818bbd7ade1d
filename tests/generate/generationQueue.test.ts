/**
 * The generation queue on a real catalog file and the real SDK against the
 * local Gemini-protocol server, with short backoffs: giving up, cancelling,
 * closing mid-call and resuming without redoing saved images, waiting for the
 * network, and the models the API lists.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BatchRecords } from '../../src/main/core/catalog/batchRecords';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { ConversationRecords } from '../../src/main/core/catalog/conversationRecords';
import { GenerationRecords } from '../../src/main/core/catalog/generationRecords';
import { createEventBus } from '../../src/main/core/events';
import type { RetryPolicy } from '../../src/main/core/generate/backoff';
import { createGeminiClient } from '../../src/main/core/generate/geminiClient';
import { GenerationQueue, type QueuedRequest } from '../../src/main/core/generate/generationQueue';
import { prepareReferences } from '../../src/main/core/generate/referenceImages';
import type { GenerationJob } from '../../src/shared/generation';
import { type FakeGemini, startFakeGemini } from '../helpers/fakeGemini';
import { solid } from '../helpers/images';
import { freePort } from '../helpers/ports';

const POLICY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 20,
  maxDelayMs: 100,
  attemptTimeoutMs: 2_000,
  offlineDelayMs: 50,
};

describe('the generation queue', { timeout: 60_000 }, () => {
  let tmp: string;
  let catalog: Catalog;
  let fake: FakeGemini;
  const queues: GenerationQueue[] = [];

  function queue(baseUrl = fake.url, offline: 'wait' | 'stop' = 'wait', policy: Partial<RetryPolicy> = {}) {
    const events = createEventBus();
    const seen: GenerationJob[] = [];
    events.on('generate.job', (job) => seen.push(job));
    const indexed: string[] = [];
    const q = new GenerationQueue({
      records: new GenerationRecords(catalog.db),
      turns: new ConversationRecords(catalog.db),
      batches: new BatchRecords(catalog.db),
      batchPollMs: 60_000,
      events,
      dataDir: path.join(tmp, 'data'),
      client: () => createGeminiClient({ apiKey: 'queue-test-key', baseUrl }),
      indexOutputs: (files) => {
        indexed.push(...files);
        return Promise.resolve();
      },
      policy: { ...POLICY, ...policy },
      offline,
    });
    queues.push(q);
    return { q, seen, indexed };
  }

  async function request(count = 1, withReference = false): Promise<QueuedRequest> {
    const ref = path.join(tmp, 'ref.png');
    await solid(ref, [200, 40, 40], 80);
    const references = withReference
      ? await prepareReferences(path.join(tmp, 'data'), [{ path: ref, source: 'chosen' }])
      : [];
    return {
      prompt: 'a red lantern',
      params: { model: 'gemini-2.5-flash-image', count },
      references: references.map(({ file: _file, ...r }) => r),
      outputDir: path.join(tmp, 'out'),
    };
  }

  /** Resolves once the fake server has received `n` calls. */
  async function calls(n: number) {
    await expect.poll(() => fake.requests.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(n);
  }

  beforeEach(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-queue-'));
    catalog = Catalog.open(path.join(tmp, 'catalog.db'));
    fake = await startFakeGemini();
  });

  afterEach(async () => {
    await Promise.all(queues.splice(0).map((q) => q.close()));
    await fake.close();
    catalog.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('gives up after the last attempt, saying why', async () => {
    fake.script('unavailable', 'internal', 'unavailable');
    const { q, seen } = queue();
    const job = q.enqueue(await request());
    const done = await q.run(job.id);
    expect(done.state).toBe('failed');
    expect(done.message).toMatch(/^Gave up after 3 attempts: The Gemini API is unavailable \(503\)/);
    expect(done.attempts).toBe(3);
    expect(fake.requests).toHaveLength(3);
    expect(seen.map((j) => j.state)).toEqual([
      'queued',
      'running',
      'retrying',
      'running',
      'retrying',
      'running',
      'failed',
    ]);
  });

  it('cancels a job whose call hangs, keeping nothing half made', async () => {
    fake.script('hang');
    const { q } = queue();
    const job = q.enqueue(await request());
    const run = q.run(job.id);
    await calls(1);
    expect(q.cancel(job.id)).toBe(true);
    const done = await run;
    expect(done.state).toBe('cancelled');
    expect(done.outputs).toEqual([]);
    expect(fs.existsSync(path.join(tmp, 'out')) ? fs.readdirSync(path.join(tmp, 'out')) : []).toEqual([]);
    expect(q.cancel(job.id)).toBe(false);
  });

  it('leaves a job cut off by closing queued, and the next start makes only the images still missing', async () => {
    fake.script('ok', 'hang');
    const first = queue();
    const job = first.q.enqueue(await request(2, true));
    const run = first.q.run(job.id);
    await expect.poll(() => new GenerationRecords(catalog.db).outputs(job.id).length, { timeout: 10_000 }).toBe(1);
    await calls(2);
    await first.q.close();
    const cut = await run;
    expect(cut.state).toBe('queued');
    expect(cut.outputs).toHaveLength(1);

    // The reference file is gone by the next start: the prepared copy in the data folder is what is sent.
    fs.rmSync(path.join(tmp, 'ref.png'));
    const second = queue();
    second.q.kick();
    await expect
      .poll(() => new GenerationRecords(catalog.db).job(job.id)?.state, { timeout: 10_000 })
      .toBe('succeeded');
    const done = new GenerationRecords(catalog.db).job(job.id)!;
    expect(done.outputs).toHaveLength(2);
    expect(fake.requests).toHaveLength(3);
    expect(fake.requests[2]!.body.contents[0]!.parts[1]!.inlineData?.mimeType).toBe('image/png');
    expect(new GenerationRecords(catalog.db).outputs(job.id).map((o) => o.slot)).toEqual([0, 1]);
    expect(second.indexed).toEqual([done.outputs[1]]);
  });

  it('waits while the API cannot be reached and runs as soon as it can be', async () => {
    const port = await freePort();
    const { q, seen } = queue(`http://127.0.0.1:${port}`);
    const job = q.enqueue(await request());
    const run = q.run(job.id);
    await expect.poll(() => seen.some((j) => j.state === 'queued' && j.nextAttemptAt), { timeout: 10_000 }).toBe(true);
    // The host answers but nothing listens there: the service is down, not the network.
    expect(seen.find((j) => j.nextAttemptAt)?.message).toBe(
      `The Gemini service at 127.0.0.1:${port} is unreachable: it refused the connection (ECONNREFUSED). Trying again by itself.`,
    );
    const back = await startFakeGemini(port);
    try {
      const done = await run;
      expect(done.state).toBe('succeeded');
      expect(done.outputs).toHaveLength(1);
      expect(back.requests).toHaveLength(1);
    } finally {
      await back.close();
    }
  });

  it('tries a job waiting for an unreachable service at once when told to retry now', async () => {
    const port = await freePort();
    // A wait far longer than the test: only "Retry now" can end it in time.
    const { q, seen } = queue(`http://127.0.0.1:${port}`, 'wait', { offlineDelayMs: 600_000 });
    const job = q.enqueue(await request());
    const run = q.run(job.id);
    await expect.poll(() => seen.some((j) => j.state === 'queued' && j.nextAttemptAt), { timeout: 10_000 }).toBe(true);
    const back = await startFakeGemini(port);
    try {
      expect(q.retryNow(job.id)).toBe(true);
      const done = await run;
      expect(done.state).toBe('succeeded');
      expect(back.requests).toHaveLength(1);
      expect(q.retryNow(job.id)).toBe(false);
    } finally {
      await back.close();
    }
  });

  it('in stop mode, leaves an offline job queued and ends the run', async () => {
    const port = await freePort();
    const { q } = queue(`http://127.0.0.1:${port}`, 'stop');
    const job = q.enqueue(await request());
    const done = await q.run(job.id);
    expect(done.state).toBe('queued');
    expect(done.message).toBe(
      `The Gemini service at 127.0.0.1:${port} is unreachable: it refused the connection (ECONNREFUSED). The job stays queued.`,
    );
  });

  it('counts no attempt for a try made while offline, neither towards the limit nor in the catalog', async () => {
    const port = await freePort();
    const records = new GenerationRecords(catalog.db);
    const offline = queue(`http://127.0.0.1:${port}`, 'stop');
    const job = offline.q.enqueue(await request());
    for (let run = 0; run < POLICY.maxAttempts + 1; run++) {
      expect((await offline.q.run(job.id)).state).toBe('queued');
    }
    expect(records.job(job.id)!.attempts).toBe(0);

    // Back online, after more offline tries than the limit allows attempts: one attempt, and it succeeds.
    const back = await startFakeGemini(port);
    try {
      back.script('unavailable');
      const done = await queue(back.url, 'stop').q.run(job.id);
      expect(done.state).toBe('succeeded');
      expect(records.job(job.id)!.attempts).toBe(2);
      expect(back.requests).toHaveLength(2);
    } finally {
      await back.close();
    }
  });

  it('while waiting for the network, shows only the tries that reached the API as attempts', async () => {
    const port = await freePort();
    const { q, seen } = queue(`http://127.0.0.1:${port}`);
    const job = q.enqueue(await request());
    const run = q.run(job.id);
    await expect
      .poll(() => seen.filter((j) => j.state === 'queued' && j.nextAttemptAt).length, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(2);
    expect(seen.map((j) => j.attempts)).toEqual(seen.map(() => 0));
    const back = await startFakeGemini(port);
    try {
      expect((await run).attempts).toBe(1);
      expect(new GenerationRecords(catalog.db).job(job.id)!.attempts).toBe(1);
    } finally {
      await back.close();
    }
  });

  it('fails a job whose prepared reference went missing, saying what to do', async () => {
    const { q } = queue();
    const job = q.enqueue(await request(1, true));
    fs.rmSync(path.join(tmp, 'data', 'generation'), { recursive: true });
    const done = await q.run(job.id);
    expect(done.state).toBe('failed');
    expect(done.message).toMatch(/prepared copy of reference ref\.png is missing.*start the job again/);
    expect(fake.requests).toHaveLength(0);
  });

  it('lists the image models the API offers', async () => {
    const client = createGeminiClient({ apiKey: 'k', baseUrl: fake.url });
    const models = await client.listImageModels(AbortSignal.timeout(5_000));
    // Known models keep Atelier's names and limits from the model table.
    expect(models.map((m) => [m.id, m.name, m.maxReferences, m.imageSizes])).toEqual([
      ['gemini-2.5-flash-image', 'Gemini 2.5 Flash Image', 3, []],
      ['gemini-3.1-flash-image-preview', 'Gemini 3.1 Flash Image (Nano Banana 2)', 14, ['512', '1K', '2K', '4K']],
      ['gemini-3-pro-image-preview', 'Gemini 3 Pro Image (preview)', 14, ['1K', '2K', '4K']],
    ]);
  });
});
