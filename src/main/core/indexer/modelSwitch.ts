/**
 * Switching models without downtime: the library is re-indexed into the new
 * model's vector space by a background job, under the same folder leases as any
 * indexing, while searches keep using the active model. Once the new model's
 * vectors cover the library (and the store has them), one catalog transaction
 * makes it the active model; every process sees it at its next search.
 *
 * The switch lives in the catalog (catalog/modelChoice.ts), not in memory: a
 * process killed midway leaves the old model active and the switch pending,
 * and the next app or `atelier serve` start resumes it (or the user cancels it).
 */
import fs from 'node:fs';
import type { ModelDescriptor, ModelSwitchStart, ModelSwitchView } from '../../../shared/types';
import type { Catalog } from '../catalog/catalog';
import { ModelChoice } from '../catalog/modelChoice';
import { coverage } from '../catalog/modelEmbeddings';
import type { ClipEncoder } from '../clip/encoderClient';
import { ModelError } from '../clip/manifest';
import type { EventBus } from '../events';
import type { VectorSync } from '../vectors/vectorSync';
import type { VideoIndexing } from './indexVideos';
import { indexUnderLeases } from './leasedIndex';

export const SWITCH_JOB = 'model-switch';
/** How often a running switch looks for a pause or cancel made by another process. */
const CONTROL_POLL_MS = 500;

export interface ModelSwitchDeps {
  catalog: Catalog;
  events: EventBus;
  vectors: VectorSync;
  /** The active model now (null when none is installed yet). */
  active(): Promise<ModelDescriptor | null>;
  /** The model an id names, downloaded first if it is a registry model not yet installed. */
  ensure(id: string): Promise<ModelDescriptor>;
  /** The model an id names if installed, without downloading. */
  resolve(id: string): Promise<ModelDescriptor>;
  encoderFor(model: ModelDescriptor): ClipEncoder;
  /** How videos are read while re-indexing; default the bundled ffmpeg and the default sampling. */
  video?: () => VideoIndexing;
  /** The model this run was started with (--model, ATELIER_MODEL): it wins over any choice, so switching is refused. */
  fixedModel?: string;
}

interface Running {
  model: string;
  jobId: string;
  controller: AbortController;
  /** Why it was stopped: a pause keeps the switch pending, a cancel forgets it. */
  stop?: 'pause' | 'cancel';
  done: Promise<void>;
}

/** At most this many passes over the library per job: a watched folder that never stops changing must not hold a switch forever. */
const MAX_PASSES = 5;

export class ModelSwitcher {
  readonly choice: ModelChoice;
  private running: Running | null = null;

  constructor(private readonly deps: ModelSwitchDeps) {
    this.choice = new ModelChoice(deps.catalog.db);
  }

  /** The switch in progress (in this process or another), or null. */
  view(): ModelSwitchView | null {
    const row = this.choice.read();
    if (!row.pending) return null;
    const here = this.running?.model === row.pending ? { jobId: this.running.jobId } : {};
    return { model: row.pending, ...here, paused: row.paused, ...coverage(this.deps.catalog.db, row.pending) };
  }

  /**
   * Starts switching to `id` (downloading it first if need be). The active model again cancels
   * a switch in progress; a library with nothing to re-index switches at once.
   */
  async use(id: string): Promise<ModelSwitchStart> {
    if (this.deps.fixedModel) {
      throw new ModelError(
        `This run uses the model it was started with (${this.deps.fixedModel}, from --model or ATELIER_MODEL): start it without one to switch models.`,
      );
    }
    const model = await this.deps.ensure(id);
    // A folder used in place has no id the next start could load it by: it must be imported first.
    await this.deps.resolve(model.id).catch(() => {
      throw new ModelError(
        `"${id}" is a model folder, not an installed model: import it with "atelier models import ${id}", then use the id it gets.`,
      );
    });
    const active = await this.deps.active();
    if (active?.id === model.id) {
      await this.cancel();
      this.choice.activate(model.id);
      return { model: model.id, switched: true };
    }
    await this.stopRunning('cancel');
    const { total } = coverage(this.deps.catalog.db, model.id);
    if (!active || total === 0) {
      this.choice.activate(model.id);
      this.deps.events.emit('models.switched', { model: model.id });
      return { model: model.id, switched: true };
    }
    const jobId = this.deps.catalog.createJob(SWITCH_JOB, { model: model.id });
    this.choice.begin(active.id, model.id, jobId);
    this.launch(model, jobId);
    return { model: model.id, jobId, switched: false };
  }

  /** Waits for the switch running in this process (the CLI stays until it is done). */
  async settled(): Promise<void> {
    while (this.running) await this.running.done;
  }

  async pause(): Promise<ModelSwitchView | null> {
    if (!this.choice.read().pending) return null;
    this.choice.setPaused(true);
    await this.stopRunning('pause');
    return this.emitProgress();
  }

  async resume(): Promise<ModelSwitchView | null> {
    const row = this.choice.read();
    if (!row.pending) return null;
    this.choice.setPaused(false);
    if (this.running?.model !== row.pending) await this.restart(row.pending);
    return this.emitProgress();
  }

  /** Forgets the switch in progress; the active model stays. */
  async cancel(): Promise<boolean> {
    const pending = this.choice.read().pending;
    await this.stopRunning('cancel');
    return pending !== null && this.choice.clear(pending);
  }

  /**
   * Takes up a switch whose job was cut off (a crash, a kill, a CLI stopped with Ctrl-C), unless
   * the user paused it or another live process runs it. A pending model that can no longer be
   * loaded (deleted meanwhile) is forgotten, so the library is never left waiting on it.
   */
  async resumeInterrupted(): Promise<string | null> {
    const row = this.choice.read();
    if (!row.pending || row.paused || this.running) return null;
    const job = row.jobId ? this.deps.catalog.job(row.jobId) : undefined;
    if (job?.state === 'running') return null;
    if (job?.state === 'interrupted' && !this.deps.catalog.takeInterrupted(job.id, 'resumed')) return null;
    return this.restart(row.pending);
  }

  async close(): Promise<void> {
    // The switch stays pending: the next start resumes it.
    const running = this.running;
    running?.controller.abort();
    await running?.done;
  }

  private async restart(pending: string): Promise<string | null> {
    let model: ModelDescriptor;
    try {
      model = await this.deps.resolve(pending);
    } catch (err) {
      this.choice.clear(pending);
      this.deps.events.emit('models.switchFailed', { model: pending, message: (err as Error).message });
      return null;
    }
    const active = await this.deps.active();
    const jobId = this.deps.catalog.createJob(SWITCH_JOB, { model: pending });
    this.choice.begin(active?.id ?? pending, pending, jobId);
    this.launch(model, jobId);
    return jobId;
  }

  private async stopRunning(why: 'pause' | 'cancel'): Promise<void> {
    const running = this.running;
    if (!running) return;
    running.stop = why;
    running.controller.abort();
    await running.done;
  }

  private emitProgress(): ModelSwitchView | null {
    const view = this.view();
    if (view) this.deps.events.emit('models.switchProgress', view);
    return view;
  }

  /** Stops the job when another process paused or cancelled the switch; says whether it did. */
  private stoppedElsewhere(running: Running): boolean {
    const row = this.choice.read();
    if (row.pending !== running.model) running.stop = 'cancel';
    else if (row.paused) running.stop = 'pause';
    if (running.stop) running.controller.abort();
    return running.stop !== undefined;
  }

  /** Reports progress, unless another process paused or cancelled the switch. */
  private progressed(running: Running): void {
    if (!this.stoppedElsewhere(running)) this.emitProgress();
  }

  private launch(model: ModelDescriptor, jobId: string): void {
    const controller = new AbortController();
    const running: Running = { model: model.id, jobId, controller, done: Promise.resolve() };
    running.done = this.run(model, running).finally(() => {
      if (this.running === running) this.running = null;
    });
    this.running = running;
  }

  private async run(model: ModelDescriptor, running: Running): Promise<void> {
    const { catalog, events } = this.deps;
    const { jobId, controller } = running;
    const encoder = this.deps.encoderFor(model);
    // Progress comes only as files are embedded: while the job waits on a folder another process holds,
    // this is what notices a pause or cancel made elsewhere (`atelier models pause`, Settings in the app).
    const watch = setInterval(() => this.stoppedElsewhere(running), CONTROL_POLL_MS);
    watch.unref();
    try {
      let before = -1;
      for (let pass = 0; pass < MAX_PASSES && !controller.signal.aborted; pass++) {
        const { done, total } = coverage(catalog.db, model.id);
        // Caught up, or a pass that added nothing (files that cannot be read now): the rest waits for the next index.
        if (done === total || done === before) break;
        before = done;
        // A folder that is gone (an unplugged drive) cannot be re-indexed; its files keep their old vectors only.
        const folders = catalog
          .roots()
          .map((r) => r.path)
          .filter((p) => fs.existsSync(p));
        if (folders.length === 0) break;
        await indexUnderLeases(
          { catalog, encoder },
          {
            folders,
            jobId,
            signal: controller.signal,
            onProgress: () => this.progressed(running),
            ...(this.deps.video ? { video: this.deps.video() } : {}),
          },
        );
      }
      if (controller.signal.aborted) {
        if (running.stop === 'cancel') this.choice.clear(model.id);
        // Stopped by `close` (the process ends): the switch stays pending for the next start.
        catalog.updateJob(jobId, 'cancelled', { error: running.stop === 'pause' ? 'paused' : 'stopped' });
        if (running.stop === 'pause') this.emitProgress();
        return;
      }
      // The store gets the new vectors before searches move there, so the first search is not the one that waits.
      await this.deps.vectors.sync({ id: model.id, dim: model.dim }).catch(() => undefined);
      const switched = this.choice.finish(model.id);
      catalog.updateJob(jobId, switched ? 'succeeded' : 'cancelled', { progress: coverage(catalog.db, model.id) });
      if (switched) events.emit('models.switched', { model: model.id });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      catalog.updateJob(jobId, 'failed', { error: message });
      events.emit('models.switchFailed', { model: model.id, message });
    } finally {
      clearInterval(watch);
    }
  }
}
