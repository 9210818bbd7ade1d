/**
 * Runs generation jobs from the catalog. A job with a count of N makes N
 * parallel calls; each call retries on its own after a jittered, growing
 * backoff (honouring the delay a rate limit names), has a time limit per
 * attempt, and stops on a cancel. Every state change is written to the
 * catalog before it is announced, so a crash or a closed laptop loses no job:
 * on the next start it runs again, skipping the images it already saved.
 * Without a network a job waits (the app) or stays queued for a later run
 * (the CLI), never failing for it.
 */
import fs from 'node:fs/promises';
import type { Content, Part } from '@google/genai';
import { FINISHED_STATES, type GenerationJob, type GenerationState } from '../../../shared/generation';
import type { BatchRecords } from '../catalog/batchRecords';
import type { ConversationRecords } from '../catalog/conversationRecords';
import type { GenerationRecords, GenerationRequest } from '../catalog/generationRecords';
import type { EventBus } from '../events';
import { contentKeyOfBytes } from '../files/contentKey';
import { backoffMs, type RetryPolicy, sleep } from './backoff';
import { conversationHistory } from './conversationHistory';
import { storeModelParts } from './conversationParts';
import { readAnswer } from './geminiAnswer';
import { FINISHED_BATCH_STATES } from './geminiBatches';
import type { GeminiClient } from './geminiClient';
import { classify, type Failure, GenerationFailure } from './generationFailure';
import { saveOutput } from './outputFiles';
import { preparedFile } from './referenceImages';

export interface QueuedRequest extends GenerationRequest {
  /** Where the images go. */
  outputDir: string;
}

export interface QueueDeps {
  records: GenerationRecords;
  turns: ConversationRecords;
  batches: BatchRecords;
  /** How often the app checks on batches it submitted. */
  batchPollMs: number;
  /** Over this, a batch's requests are uploaded as a file instead of sent inline (the API's limit by default). */
  batchInlineLimitBytes?: number;
  events: EventBus;
  dataDir: string;
  /** The client for the current key and base URL; throws a fatal GenerationFailure without a key. */
  client: () => GeminiClient;
  /** Adds saved images to the library (indexes them), so they are searchable at once. */
  indexOutputs: (files: string[]) => Promise<void>;
  policy: RetryPolicy;
  /** 'wait': a job waits for the network (the app); 'stop': it stays queued and the run ends (the CLI). */
  offline: 'wait' | 'stop';
}

/** Why a job's controller was aborted. */
type StopReason = 'cancelled' | 'closing';

interface SlotOutcome {
  files: string[];
  failure?: Failure;
}

export class GenerationQueue {
  private readonly running = new Map<string, { controller: AbortController; done: Promise<GenerationJob> }>();
  /** Jobs that stopped for the network in this process ('stop' mode): not picked up again by `drain`. */
  private readonly parked = new Set<string>();
  /** Per job waiting to try again: aborting it ends the wait ("Retry now"). */
  private readonly wakers = new Map<string, AbortController>();
  private draining: Promise<void> | null = null;
  private closed = false;
  /** Batches checked in this process and not yet done: looked at again when the poll timer fires. */
  private readonly polled = new Set<string>();
  private pollTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: QueueDeps) {}

  enqueue(request: QueuedRequest): GenerationJob {
    const job = this.deps.records.create(request);
    this.announce(job.id);
    return job;
  }

  /** Runs every unfinished job, oldest first, until none is left; new jobs are picked up on the next call. */
  kick(): void {
    if (this.closed || this.draining) return;
    this.draining = this.drain().finally(() => {
      this.draining = null;
    });
  }

  /** Runs one job now (or joins its run) and resolves with it once it stops. */
  run(jobId: string): Promise<GenerationJob> {
    const current = this.running.get(jobId);
    if (current) return current.done;
    const controller = new AbortController();
    const done = this.runJob(jobId, controller.signal).finally(() => {
      this.running.delete(jobId);
      this.wakers.delete(jobId);
    });
    this.running.set(jobId, { controller, done });
    return done;
  }

  /** Cancels a job: a running one stops after aborting its calls; a waiting one at once. */
  cancel(jobId: string): boolean {
    const job = this.deps.records.job(jobId);
    if (!job || FINISHED_STATES.includes(job.state)) return false;
    const current = this.running.get(jobId);
    const batch = this.deps.batches.of(jobId);
    if (batch && !FINISHED_BATCH_STATES.includes(batch.state)) this.cancelBatch(batch.name);
    if (current) current.controller.abort('cancelled' satisfies StopReason);
    else {
      this.deps.records.update(jobId, 'cancelled', { message: 'Cancelled.', nextAttemptAt: null });
      this.announce(jobId);
    }
    return true;
  }

  /**
   * Ends a job's wait for the network or its backoff and tries at once; a job
   * left queued in this process (or by another run) is run now. False for a
   * finished or unknown job.
   */
  retryNow(jobId: string): boolean {
    const job = this.deps.records.job(jobId);
    if (!job || FINISHED_STATES.includes(job.state) || this.closed) return false;
    const waker = this.wakers.get(jobId);
    if (waker) waker.abort();
    else if (!this.running.has(jobId)) void this.run(jobId).catch(() => undefined);
    return true;
  }

  /** Tells the service to stop a batch nobody will collect; a failure to reach it changes nothing here. */
  private cancelBatch(name: string): void {
    try {
      void this.deps
        .client()
        .batches.cancel(name, AbortSignal.timeout(this.deps.policy.attemptTimeoutMs))
        .catch(() => undefined);
    } catch {
      // No key any more: the batch expires at the service by itself.
    }
  }

  /** Stops every call in flight; their jobs stay queued and run on the next start. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    for (const { controller } of this.running.values()) controller.abort('closing' satisfies StopReason);
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
    await this.draining;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const next = this.deps.records
        .unfinished()
        .find((j) => !this.parked.has(j.id) && !this.running.has(j.id) && !this.polled.has(j.id));
      if (!next || this.closed) return;
      await this.run(next.id);
    }
  }

  private announce(jobId: string): GenerationJob {
    const job = this.deps.records.job(jobId)!;
    this.deps.events.emit('generate.job', job);
    return job;
  }

  private setState(jobId: string, state: GenerationState, message: string | null, nextAttemptAt: number | null) {
    this.deps.records.update(jobId, state, { message, nextAttemptAt });
    this.announce(jobId);
  }

  private async runJob(jobId: string, signal: AbortSignal): Promise<GenerationJob> {
    const { records } = this.deps;
    const request = records.request(jobId) as QueuedRequest | undefined;
    if (!request) throw new Error(`No generation job ${jobId}`);
    const saved = new Set(records.outputs(jobId).map((o) => o.slot));
    const slots = Array.from({ length: request.params.count }, (_, i) => i).filter((s) => !saved.has(s));
    this.parked.delete(jobId);
    this.polled.delete(jobId);
    if (request.params.batch) return this.runBatch(jobId, request, slots, signal);
    this.setState(jobId, 'running', null, null);

    let outcomes: SlotOutcome[];
    try {
      const client = this.deps.client();
      const references = await this.loadReferences(request);
      const history = await this.loadHistory(request);
      outcomes = await Promise.all(
        slots.map((slot) => this.runSlot(jobId, request, client, { references, history }, slot, signal)),
      );
    } catch (err) {
      outcomes = [{ files: [], failure: classify(err, { timedOut: false, cancelled: signal.aborted }) }];
    }
    const files = outcomes.flatMap((o) => o.files);
    if (files.length > 0) {
      await this.deps.indexOutputs(files).catch((err: Error) => {
        outcomes.push({ files: [], failure: { kind: 'fatal', message: `Saved, but not indexed: ${err.message}` } });
      });
    }
    return this.finish(jobId, request, outcomes, signal);
  }

  /**
   * A batch job: submits its requests once, then on every later run checks
   * the batch and, when it is done, saves its images like any others.
   */
  private async runBatch(jobId: string, request: QueuedRequest, slots: number[], signal: AbortSignal) {
    const { batches } = this.deps;
    const submitted = batches.of(jobId);
    let outcomes: SlotOutcome[] = [];
    try {
      const client = this.deps.client();
      if (!submitted) {
        this.setState(jobId, 'running', 'Submitting to the Batch API…', null);
        const sent = { references: await this.loadReferences(request), history: await this.loadHistory(request) };
        const requests = slots.map((slot) => ({
          key: `slot-${slot}`,
          request: { model: request.params.model, prompt: request.prompt, ...sent, ...imageOptions(request) },
        }));
        const batch = await client.batches.submit(
          request.params.model,
          requests,
          {
            displayName: `atelier ${jobId}`,
            ...(this.deps.batchInlineLimitBytes ? { inlineLimitBytes: this.deps.batchInlineLimitBytes } : {}),
          },
          signal,
        );
        batches.submitted(jobId, batch);
        this.deps.records.countAttempt(jobId);
        return this.awaitBatch(jobId, batch.state);
      }
      const status = await client.batches.check(submitted.name, signal);
      batches.checked(jobId, status.state);
      if (!FINISHED_BATCH_STATES.includes(status.state)) return this.awaitBatch(jobId, status.state);
      if (!status.results) {
        const why = BATCH_ENDS[status.state] ?? `ended ${status.state}`;
        const detail = status.error ? `: ${status.error}` : '';
        this.setState(
          jobId,
          'failed',
          `The batch ${submitted.name} ${why}${detail}. Its request is kept: Run again (atelier generate --again ${jobId}) sends it at once.`,
          null,
        );
        return this.deps.records.job(jobId)!;
      }
      outcomes = await this.collect(jobId, request, slots, status.results);
    } catch (err) {
      const failure = classify(err, { timedOut: false, cancelled: signal.aborted });
      // Not reaching the API to check on a batch is no reason to give it up.
      if (submitted && failure.kind !== 'cancelled') {
        return this.awaitBatch(jobId, submitted.state, `Could not check on the batch: ${failure.message}`);
      }
      // A busy service refusing the submission for now: submitted again on the next check, not given up.
      if (failure.kind === 'retryable') {
        this.setState(jobId, 'queued', `${failure.message} The batch is submitted again on the next check.`, null);
        this.pollLater(jobId);
        return this.deps.records.job(jobId)!;
      }
      outcomes = [{ files: [], failure }];
    }
    const files = outcomes.flatMap((o) => o.files);
    if (files.length > 0) {
      await this.deps.indexOutputs(files).catch((err: Error) => {
        outcomes.push({ files: [], failure: { kind: 'fatal', message: `Saved, but not indexed: ${err.message}` } });
      });
    }
    return this.finish(jobId, request, outcomes, signal);
  }

  private async collect(
    jobId: string,
    request: QueuedRequest,
    slots: number[],
    results: Array<{ key: string; response?: Parameters<typeof readAnswer>[0]; error?: string }>,
  ): Promise<SlotOutcome[]> {
    const outcomes: SlotOutcome[] = [];
    for (const result of results) {
      const slot = Number(/^slot-(\d+)$/.exec(result.key)?.[1]);
      if (!slots.includes(slot)) continue;
      try {
        if (!result.response) throw new GenerationFailure({ kind: 'fatal', message: result.error ?? 'No answer.' });
        outcomes.push({ files: await this.save(jobId, request, slot, readAnswer(result.response)) });
      } catch (err) {
        outcomes.push({ files: [], failure: classify(err, { timedOut: false, cancelled: false }) });
      }
    }
    return outcomes;
  }

  /** Leaves a batch job waiting for its batch; the app looks again after `batchPollMs`. */
  private awaitBatch(jobId: string, state: string, problem?: string): GenerationJob {
    const where = state.replace(/^JOB_STATE_/, '').toLowerCase();
    const message = `Submitted to batch (${where}): the images are saved once it is done.`;
    this.setState(jobId, 'queued', problem ? `${problem} ${message}` : message, null);
    this.pollLater(jobId);
    return this.deps.records.job(jobId)!;
  }

  /** In the app, runs a batch job again after `batchPollMs`; a command's run just ends. */
  private pollLater(jobId: string): void {
    if (this.deps.offline !== 'wait' || this.closed) return;
    this.polled.add(jobId);
    this.pollTimer ??= setTimeout(() => {
      this.pollTimer = null;
      this.polled.clear();
      this.kick();
    }, this.deps.batchPollMs);
    this.pollTimer.unref();
  }

  private finish(jobId: string, request: QueuedRequest, outcomes: SlotOutcome[], signal: AbortSignal): GenerationJob {
    const made = this.deps.records.outputs(jobId).length;
    const failures = outcomes.flatMap((o) => (o.failure ? [o.failure] : []));
    const offline = failures.find((f) => f.kind === 'offline');
    if (signal.aborted && signal.reason === 'closing') {
      this.setState(jobId, 'queued', 'Waiting to run again when Atelier next starts.', null);
    } else if (signal.aborted) {
      const kept = made > 0 ? ` ${made} image${made === 1 ? '' : 's'} kept.` : '';
      this.setState(jobId, 'cancelled', `Cancelled.${kept}`, null);
    } else if (offline) {
      this.parked.add(jobId);
      const reason = offline.message.replace(/ (Waiting for the network|Trying again by itself)\.$/, '');
      this.setState(jobId, 'queued', `${reason} The job stays queued.`, null);
    } else if (failures.length === 0 || (made > 0 && made >= request.params.count)) {
      this.setState(jobId, 'succeeded', null, null);
    } else if (made > 0) {
      const message = `${made} of ${request.params.count} images made; the rest failed: ${failures[0]!.message}`;
      this.setState(jobId, 'succeeded', message, null);
    } else {
      this.setState(jobId, 'failed', failures[0]!.message, null);
    }
    return this.deps.records.job(jobId)!;
  }

  private async loadReferences(request: QueuedRequest) {
    return Promise.all(
      request.references.map(async (ref) => {
        try {
          return { mimeType: ref.mimeType, data: await fs.readFile(preparedFile(this.deps.dataDir, ref)) };
        } catch {
          throw new GenerationFailure({
            kind: 'fatal',
            message: `The prepared copy of reference ${ref.name} is missing from the data folder; start the job again.`,
          });
        }
      }),
    );
  }

  private async loadHistory(request: QueuedRequest): Promise<Content[]> {
    const turnId = request.edit?.parentTurnId;
    if (!turnId) return [];
    try {
      return await conversationHistory(this.deps.dataDir, this.deps.turns, this.deps.records, turnId);
    } catch (err) {
      throw new GenerationFailure({
        kind: 'fatal',
        message: `The conversation this edit continues is missing from the data folder (${(err as Error).message}); edit the image again to start a new one from it.`,
      });
    }
  }

  /** One image: calls until it is made, or a failure that retrying cannot fix, or the retries run out. */
  private async runSlot(
    jobId: string,
    request: QueuedRequest,
    client: GeminiClient,
    sent: { references: Array<{ mimeType: string; data: Buffer }>; history: Content[] },
    slot: number,
    signal: AbortSignal,
  ): Promise<SlotOutcome> {
    const { policy, records } = this.deps;
    let failures = 0;
    let offlineWaits = 0;
    for (;;) {
      if (signal.aborted) return { files: [], failure: { kind: 'cancelled', message: 'Cancelled.' } };
      const timeout = AbortSignal.timeout(policy.attemptTimeoutMs);
      let failure: Failure;
      try {
        const answer = await client.generateImage(
          { model: request.params.model, prompt: request.prompt, ...sent, ...imageOptions(request) },
          AbortSignal.any([signal, timeout]),
        );
        records.countAttempt(jobId);
        return { files: await this.save(jobId, request, slot, answer) };
      } catch (err) {
        failure = classify(err, { timedOut: timeout.aborted, cancelled: signal.aborted });
      }
      // Counted once the try is over: one that never reached the API (offline) is no attempt.
      if (failure.kind !== 'offline') records.countAttempt(jobId);
      if (failure.kind === 'fatal' || failure.kind === 'cancelled') return { files: [], failure };
      if (failure.kind === 'offline') {
        if (this.deps.offline === 'stop') return { files: [], failure };
        const wait = backoffMs({ ...policy, baseDelayMs: policy.offlineDelayMs }, ++offlineWaits);
        const waiting = /Waiting for the network\.$/.test(failure.message) ? '' : ' Trying again by itself.';
        this.setState(jobId, 'queued', `${failure.message}${waiting}`, Date.now() + wait);
        await this.wait(jobId, wait, signal);
        if (!signal.aborted) this.setState(jobId, 'running', null, null);
        continue;
      }
      if (++failures >= policy.maxAttempts) {
        return {
          files: [],
          failure: { kind: 'fatal', message: `Gave up after ${failures} attempts: ${failure.message}` },
        };
      }
      const wait = backoffMs(policy, failures, failure.retryAfterMs);
      const seconds = Math.max(1, Math.round(wait / 1000));
      this.setState(jobId, 'retrying', `${failure.message} Trying again in ${seconds} s.`, Date.now() + wait);
      await this.wait(jobId, wait, signal);
      this.setState(jobId, 'running', null, null);
    }
  }

  /** Sleeps `ms`, or less when the job is cancelled or told to retry now. */
  private async wait(jobId: string, ms: number, signal: AbortSignal): Promise<void> {
    let waker = this.wakers.get(jobId);
    if (!waker || waker.signal.aborted) {
      waker = new AbortController();
      this.wakers.set(jobId, waker);
    }
    await sleep(ms, AbortSignal.any([signal, waker.signal])).catch(() => undefined);
    if (waker.signal.aborted && this.wakers.get(jobId) === waker) this.wakers.delete(jobId);
  }

  private async save(
    jobId: string,
    request: QueuedRequest,
    slot: number,
    answer: { images: Array<{ mimeType: string; data: Buffer }>; text: string; parts: Part[] },
  ): Promise<string[]> {
    const { images, text } = answer;
    const saved: Array<{ file: string; key: string; mimeType: string; at: Date }> = [];
    for (const image of images) {
      const at = new Date();
      const file = await saveOutput(request.outputDir, image, { prompt: request.prompt, at, slot });
      saved.push({ file, key: contentKeyOfBytes(image.data), mimeType: image.mimeType, at });
    }
    // The conversation names the images just saved rather than keeping a second copy of each.
    const modelParts = await storeModelParts(this.deps.dataDir, answer.parts, new Set(saved.map((s) => s.key)));
    for (const { file, key, mimeType, at } of saved) {
      this.deps.records.addOutput({
        contentKey: key,
        jobId,
        slot,
        path: file,
        mimeType,
        responseText: text || null,
        createdAt: at.getTime(),
      });
      // Every image can be edited on: a one-shot job starts a conversation of its own.
      this.deps.turns.add({
        conversationId: request.edit?.conversationId ?? jobId,
        parentId: request.edit?.parentTurnId ?? null,
        jobId,
        slot,
        contentKey: key,
        modelParts,
      });
    }
    if (text) this.deps.records.update(jobId, 'running', { responseText: text });
    return saved.map((s) => s.file);
  }
}

/** How a batch that made nothing ended, in words. */
const BATCH_ENDS: Record<string, string> = {
  JOB_STATE_FAILED: 'failed at the server',
  JOB_STATE_EXPIRED: 'expired before it was done (the Batch API gives a batch 48 hours)',
  JOB_STATE_CANCELLED: 'was cancelled',
};

function imageOptions(request: QueuedRequest) {
  const { aspectRatio, imageSize, thinkingLevel } = request.params;
  return {
    ...(aspectRatio ? { aspectRatio } : {}),
    ...(imageSize ? { imageSize } : {}),
    ...(thinkingLevel ? { thinkingLevel } : {}),
  };
}
