/**
 * Models as the app sees them: the registry's and the imported ones, download
 * with progress as events, import, and resolving the active model — downloading
 * the default one on first use.
 */
import { randomUUID } from 'node:crypto';
import type { ModelDescriptor, ModelFacts } from '../../../shared/types';
import { type DownloadResult, ModelDownloader } from '../clip/download';
import { importModel } from '../clip/import';
import { loadManifest, ModelError } from '../clip/manifest';
import { folderLanguages } from '../clip/modelLanguages';
import { listModels, resolveModel } from '../clip/resolveModel';
import type { EventBus } from '../events';

export class ModelService {
  private readonly downloader = new ModelDownloader();
  private readonly installedListeners = new Set<(model: ModelFacts) => void>();

  constructor(
    private readonly dataDir: string,
    private readonly manifestPath: string,
    private readonly events: EventBus,
    private readonly mirror?: string,
  ) {}

  list(): Promise<ModelFacts[]> {
    return listModels(this.dataDir, this.manifestPath);
  }

  /**
   * Calls `listener` with each model installed from now on, downloaded (asked for, or on first use)
   * or imported; returns the unsubscribe.
   */
  onInstalled(listener: (model: ModelFacts) => void): () => void {
    this.installedListeners.add(listener);
    return () => this.installedListeners.delete(listener);
  }

  /** Downloads a registry model and waits; progress goes out as `models.downloadProgress`. */
  async download(id: string): Promise<DownloadResult> {
    const result = await this.downloader.download(id, {
      dataDir: this.dataDir,
      manifest: this.manifestPath,
      ...(this.mirror ? { baseUrl: this.mirror } : {}),
      onProgress: (p) => this.events.emit('models.downloadProgress', p),
    });
    this.installed(result.model);
    return result;
  }

  /** Starts a download in the background; the outcome comes as an event. */
  startDownload(id: string): { jobId: string } {
    const jobId = randomUUID();
    this.download(id).then(
      ({ model }) => this.events.emit('models.downloaded', { jobId, model }),
      (err: unknown) => this.events.emit('models.failed', { jobId, message: (err as Error).message }),
    );
    return { jobId };
  }

  async import(folder: string): Promise<ModelFacts> {
    const model = await importModel(folder, this.dataDir, { manifest: this.manifestPath });
    this.installed(model);
    return model;
  }

  private installed(model: ModelFacts): void {
    for (const listener of this.installedListeners) listener(model);
  }

  /** The languages a model understands: its registry entry's, else what its folder's configs say. */
  languages(model: ModelDescriptor): string[] {
    const known = loadManifest(this.manifestPath).models.find((m) => m.id === model.id);
    return known ? known.languages : folderLanguages(model.dir).languages;
  }

  /** The model a spec names, without downloading anything. */
  resolve(spec: string | undefined): Promise<ModelDescriptor> {
    return resolveModel(spec, this.dataDir, this.manifestPath);
  }

  /**
   * The model a spec names; a registry model that is not installed yet is
   * downloaded first (first use), with progress as events.
   */
  async ensure(spec: string | undefined): Promise<ModelDescriptor> {
    try {
      return await this.resolve(spec);
    } catch (err) {
      const { models, defaultModel } = loadManifest(this.manifestPath);
      const id = spec?.trim() || defaultModel;
      if (!(err instanceof ModelError) || !models.some((m) => m.id === id)) throw err;
      try {
        await this.download(id);
      } catch (downloadErr) {
        throw new ModelError(
          `Model "${id}" is not installed and could not be downloaded: ${(downloadErr as Error).message} ` +
            `Import it from a folder with "atelier models import <folder>".`,
        );
      }
      return this.resolve(id);
    }
  }
}
