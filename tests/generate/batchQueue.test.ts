/**
 * Jobs sent through the Batch API, run by the real queue against the local
 * server speaking Gemini's REST protocol: submitted once (inline, or as an
 * uploaded file over the inline limit), checked on each later run (or by the
 * app's own timer), and their images saved, indexed and traced once the
 * batch is done; a failed or expired batch says so and keeps its request.
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
import { DEFAULT_RETRY_POLICY } from '../../src/main/core/generate/backoff';
import { createGeminiClient } from '../../src/main/core/generate/geminiClient';
import { GenerationQueue, type QueuedRequest } from '../../src/main/core/generate/generationQueue';
import { prepareReferences } from '../../src/main/core/generate/referenceImages';
import { type FakeGemini, startFakeGemini } from '../helpers/fakeGemini';
import { solid } from '../helpers/images';

describe('batch jobs', { timeout: 60_000 }, () => {
  let tmp: string;
  let catalog: Catalog;
  let fake: FakeGemini;
  const queues: GenerationQueue[] = [];

  function queue(options: { offline?: 'wait' | 'stop'; pollMs?: number; inlineLimit?: number } = {}) {
    const indexed: string[] = [];
    const q = new GenerationQueue({
      records: new GenerationRecords(catalog.db),
      turns: new ConversationRecords(catalog.db),
      batches: new BatchRecords(catalog.db),
      batchPollMs: options.pollMs ?? 60_000,
      ...(options.inlineLimit ? { batchInlineLimitBytes: options.inlineLimit } : {}),
      events: createEventBus(),
      dataDir: path.join(tmp, 'data'),
      client: () => createGeminiClient({ apiKey: 'batch-test-key', baseUrl: fake.url }),
      indexOutputs: (files) => {
        indexed.push(...files);
        return Promise.resolve();
      },
      policy: DEFAULT_RETRY_POLICY,
      offline: options.offline ?? 'stop',
    });
    queues.push(q);
    return { q, indexed };
  }

  async function request(count: number): Promise<QueuedRequest> {
    const ref = path.join(tmp, 'ref.png');
    await solid(ref, [200, 40, 40], 80);
    const references = await prepareReferences(path.join(tmp, 'data'), [{ path: ref, source: 'chosen' }]);
    return {
      prompt: 'forty outfit variations',
      params: { model: 'gemini-2.5-flash-image', count, batch: true },
      references: references.map(({ file: _file, ...r }) => r),
      outputDir: path.join(tmp, 'out'),
    };
  }

  beforeEach(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-batch-'));
    catalog = Catalog.open(path.join(tmp, 'catalog.db'));
    fake = await startFakeGemini();
  });

  afterEach(async () => {
    await Promise.all(queues.splice(0).map((q) => q.close()));
    await fake.close();
    catalog.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('submits inline, waits while pending and running, then saves every image', async () => {
    const { q, indexed } = queue();
    const job = q.enqueue(await request(2));
    const submitted = await q.run(job.id);
    expect(submitted.state).toBe('batch-submitted');
    expect(submitted.message).toMatch(/Submitted to batch \(pending\)/);
    const batch = fake.batches.get(submitted.batch!.name)!;
    expect(batch.inputFile).toBeUndefined();
    expect(batch.model).toBe('gemini-2.5-flash-image');
    expect(batch.requests.map((r) => r.key)).toEqual(['slot-0', 'slot-1']);
    const parts = batch.requests[0]!.body.contents[0]!.parts;
    expect(parts.map((p) => p.text ?? p.inlineData?.mimeType)).toEqual([
      'Image 1:',
      'image/png',
      'forty outfit variations',
    ]);
    expect(fake.requests).toHaveLength(0); // nothing went through generateContent

    expect((await q.run(job.id)).state).toBe('batch-submitted');
    await fake.moveBatch(batch.name, 'running');
    const running = await q.run(job.id);
    expect(running.state).toBe('batch-submitted');
    expect(running.message).toMatch(/\(running\)/);
    expect(running.batch).toEqual({ name: batch.name, state: 'JOB_STATE_RUNNING' });

    await fake.moveBatch(batch.name, 'succeeded');
    const done = await q.run(job.id);
    expect(done.state, done.message).toBe('succeeded');
    expect(done.outputs).toHaveLength(2);
    expect(done.outputs.every((f) => fs.existsSync(f))).toBe(true);
    expect(indexed).toEqual(done.outputs);
    expect(batch.polls).toBe(3);
    expect(fake.batchRefusals).toEqual([]);
    // Traced like any output: each image is the first turn of a conversation it can be edited in.
    const turns = new ConversationRecords(catalog.db);
    const records = new GenerationRecords(catalog.db);
    for (const output of records.outputs(job.id)) expect(turns.byContentKey(output.contentKey)?.jobId).toBe(job.id);
  });

  it('uploads the requests as a file when they are over the inline limit, and reads the results file', async () => {
    const { q } = queue({ inlineLimit: 1_000 });
    const job = q.enqueue(await request(3));
    const submitted = await q.run(job.id);
    const batch = fake.batches.get(submitted.batch!.name)!;
    expect(batch.inputFile).toMatch(/^files\//);
    expect(batch.requests.map((r) => r.key)).toEqual(['slot-0', 'slot-1', 'slot-2']);
    await fake.moveBatch(batch.name, 'running');
    await fake.moveBatch(batch.name, 'succeeded');
    const done = await q.run(job.id);
    expect(done.state, done.message).toBe('succeeded');
    expect(done.outputs).toHaveLength(3);
  });

  it.each([
    ['expired', /expired before it was done \(the Batch API gives a batch 48 hours\)/],
    ['failed', /^The batch batches\/fake-\d+ failed at the server\. Its request is kept/],
  ] as const)('says so when a batch has %s, and keeps its request', async (state, message) => {
    const { q } = queue();
    const sent = await request(1);
    const job = q.enqueue(sent);
    const submitted = await q.run(job.id);
    await fake.moveBatch(submitted.batch!.name, state);
    const ended = await q.run(job.id);
    expect(ended.state).toBe('failed');
    expect(ended.message).toMatch(message);
    expect(ended.message).toContain(`atelier generate --again ${job.id}`);
    expect(ended.outputs).toEqual([]);
    expect(new GenerationRecords(catalog.db).request(job.id)).toEqual(sent);
  });

  it('submits again on the next run when the service is busy, instead of failing', async () => {
    fake.script('unavailable');
    const { q } = queue();
    const job = q.enqueue(await request(1));
    const busy = await q.run(job.id);
    expect(busy.state).toBe('queued');
    expect(busy.message).toMatch(/unavailable \(503\).* The batch is submitted again on the next check\./);
    expect(fake.batches.size).toBe(0);
    const submitted = await q.run(job.id);
    expect(submitted.state).toBe('batch-submitted');
    expect(fake.batches.size).toBe(1);
  });

  it('cancels the batch at the service when its job is cancelled', async () => {
    const { q } = queue();
    const job = q.enqueue(await request(1));
    const submitted = await q.run(job.id);
    const batch = fake.batches.get(submitted.batch!.name)!;
    expect(q.cancel(job.id)).toBe(true);
    await expect.poll(() => batch.state, { timeout: 10_000 }).toBe('cancelled');
    expect(new GenerationRecords(catalog.db).job(job.id)?.state).toBe('cancelled');
  });

  it('is checked by the queue by itself in the app, until it is done', async () => {
    const { q } = queue({ offline: 'wait', pollMs: 50 });
    const job = q.enqueue(await request(1));
    q.kick();
    await expect.poll(() => fake.batches.size, { timeout: 10_000 }).toBe(1);
    const batch = [...fake.batches.values()][0]!;
    await expect.poll(() => batch.polls, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    await fake.moveBatch(batch.name, 'running');
    await fake.moveBatch(batch.name, 'succeeded');
    const records = new GenerationRecords(catalog.db);
    await expect.poll(() => records.job(job.id)?.state, { timeout: 10_000 }).toBe('succeeded');
    expect(records.job(job.id)?.outputs).toHaveLength(1);
  });
});
