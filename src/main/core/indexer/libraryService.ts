/**
 * The library as the app sees it: folders, indexing jobs with progress and
 * cancellation, status. Jobs are recorded in the catalog, so one cut off by a
 * crash is known as interrupted and can be resumed.
 */
import type { IndexSummary, LibraryStatus, ProviderReport } from '../../../shared/types';
import type { Catalog } from '../catalog/catalog';
import { ImageTexts } from '../catalog/imageTexts';
import { sinceDone } from '../catalog/passMarks';
import type { ClipEncoder } from '../clip/encoderClient';
import type { EventBus } from '../events';
import { OCR_MODEL_ID } from '../ocr/ocrModel';
import type { TextReader } from '../ocr/textReader';
import type { ThumbnailMaker } from '../thumbnails/prepareThumbnails';
import { bundledFfmpeg } from '../video/ffmpegBinary';
import { DEFAULT_SAMPLING, type VideoSampling } from '../video/sampleVideo';
import type { WorkerSpawner } from '../workers/workerSpawner';
import type { VideoIndexing } from './indexVideos';
import { indexUnderLeases } from './leasedIndex';
import { fillPalettes } from './palettePass';

export class LibraryService {
  private readonly running = new Map<string, AbortController>();
  /** Jobs run in the background for no one's asking, whose events say so (see indexQuietly). */
  private readonly quiet = new Set<string>();
  private palettes: { controller: AbortController; pass: Promise<unknown> } | null = null;

  constructor(
    private readonly catalog: Catalog,
    private readonly events: EventBus,
    private readonly encoder: () => Promise<ClipEncoder>,
    private readonly dataDir: string,
    /** Reads the text in images after embedding; null when reading is turned off. */
    private readonly reader: () => TextReader | null = () => null,
    /**
     * Runs after each index that was not cancelled (reading the metadata files carry, say). A
     * failure costs the run nothing: what it did not do, the next run does.
     */
    /** What follows each index, told of the files written since it last finished (null: all of them). */
    private readonly afterIndex: (signal: AbortSignal, written: number[] | null) => Promise<unknown> = () =>
      Promise.resolve(),
    /** Makes the grid's thumbnails of newly indexed images; null leaves them to their first view. */
    private readonly thumbnails: ThumbnailMaker | null = null,
    /** How videos are read, asked at the start of each run (the settings may have changed). */
    private readonly video: () => VideoIndexing = () => ({ ffmpeg: bundledFfmpeg(), sampling: DEFAULT_SAMPLING }),
    /** Starts the scan workers a re-index of a large library spreads its per-file work over. */
    private readonly spawnScanner: WorkerSpawner | null = null,
  ) {}

  /**
   * Indexes and waits for the end; progress still goes out as events. `only`: the paths inside the
   * folders that changed, the part of them to look at (a watcher's run); default: all of them.
   * `sampling` overrides the settings' video sampling for this run.
   */
  async index(
    folders: string[],
    jobId = this.catalog.createJob('index', { folders }),
    only?: string[],
    sampling: Partial<VideoSampling> = {},
  ): Promise<IndexSummary> {
    const video = this.video();
    const quiet = this.quiet.has(jobId) ? { quiet: true as const } : {};
    const controller = new AbortController();
    this.running.set(jobId, controller);
    try {
      const summary = await indexUnderLeases(
        {
          catalog: this.catalog,
          encoder: await this.encoder(),
          reader: this.reader(),
          thumbnails: this.thumbnails,
          spawnScanner: this.spawnScanner,
        },
        {
          folders,
          jobId,
          ...(only ? { only } : {}),
          signal: controller.signal,
          video: { ...video, sampling: { ...video.sampling, ...sampling } },
          onProgress: (p) => {
            this.events.emit('library.progress', { ...p, ...quiet });
          },
        },
      );
      if (!controller.signal.aborted) {
        // Like the index's own passes, skipped when it finished since the files last changed.
        const { signal } = controller;
        await sinceDone(this.catalog.db, 'after-index', async (written, since) => {
          // What follows an index reads files for their content (their metadata): a touched or
          // renamed file, whose content it read before, is left out.
          await this.afterIndex(signal, written && (since.contentWritten() ?? written));
          return !signal.aborted;
        }).catch(() => undefined);
      }
      const state = controller.signal.aborted ? 'cancelled' : 'succeeded';
      this.catalog.updateJob(jobId, state, { progress: summary });
      this.events.emit('library.indexed', { jobId, summary, ...quiet });
      return summary;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.catalog.updateJob(jobId, 'failed', { error: message });
      this.events.emit('library.failed', { jobId, message, ...quiet });
      throw err;
    } finally {
      this.running.delete(jobId);
    }
  }

  /**
   * Indexes as `index` does, for work nobody asked for (the uploads folder after an upload): its
   * events are marked `quiet`, so the app updates its counts without announcing the run.
   */
  async indexQuietly(folders: string[]): Promise<IndexSummary> {
    const jobId = this.catalog.createJob('index', { folders });
    this.quiet.add(jobId);
    try {
      return await this.index(folders, jobId);
    } finally {
      this.quiet.delete(jobId);
    }
  }

  /** Starts indexing in the background and returns its job id at once. */
  start(folders: string[]): { jobId: string } {
    const jobId = this.catalog.createJob('index', { folders });
    // The failure is reported as a `library.failed` event and in the job row.
    this.index(folders, jobId).catch(() => undefined);
    return { jobId };
  }

  cancel(jobId: string): boolean {
    const controller = this.running.get(jobId);
    controller?.abort();
    return controller !== undefined;
  }

  /**
   * Restarts the indexing jobs a crash or a kill cut off, as one new job over the folders they
   * named (several cut off at once, a script's indexers killed in turn, often name the same
   * folders), whose progress goes out as events like any other; already committed work is not
   * redone. Each job is resumed once, even when the app and `serve` start at the same time.
   */
  resumeInterrupted(): string[] {
    const taken = this.catalog
      .jobsIn('interrupted', 'index')
      .filter((job) => this.catalog.takeInterrupted(job.id, 'resumed'));
    if (taken.length === 0) return [];
    const folders = [...new Set(taken.flatMap((job) => (job.payload as { folders: string[] }).folders))];
    const { jobId } = this.start(folders);
    for (const job of taken) this.catalog.updateJob(job.id, 'cancelled', { error: `resumed as job ${jobId}` });
    return [jobId];
  }

  /**
   * Makes, in the background, the palettes of images indexed before palettes existed (the app and
   * `atelier serve` call it at start); a pass already running in this process is not doubled.
   */
  backfillPalettes(): void {
    if (this.palettes) return;
    const controller = new AbortController();
    // A failure (the catalog closed under it, say) leaves the rest to the next pass.
    const pass = fillPalettes(this.catalog, { signal: controller.signal })
      .catch(() => undefined)
      .finally(() => (this.palettes = null));
    this.palettes = { controller, pass };
  }

  /** Stops the background palette pass after its batch in flight, and waits for it. */
  async stopPalettes(): Promise<void> {
    const running = this.palettes;
    running?.controller.abort();
    await running?.pass;
  }

  removeFolder(path: string): number {
    return this.catalog.removeRoot(path);
  }

  status(model: string | null, provider: ProviderReport | null, modelLanguages: string[] = []): LibraryStatus {
    const counts = this.catalog.rootCounts(model);
    const folders = this.catalog.roots().map((root) => ({
      path: root.path,
      watch: root.watch,
      ...(counts.get(root.id) ?? { files: 0, embedded: 0, skipped: 0 }),
    }));
    return {
      dataDir: this.dataDir,
      model,
      provider,
      modelLanguages,
      folders,
      files: this.catalog.fileCount(),
      embeddings: this.catalog.embeddingCounts(),
      skipped: folders.reduce((n, f) => n + f.skipped, 0),
      ocr: new ImageTexts(this.catalog.db).progress(this.reader()?.model ?? OCR_MODEL_ID),
    };
  }
}
