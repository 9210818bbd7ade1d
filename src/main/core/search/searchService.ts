/**
 * Search by text, by example images, or both: a weighted sum of unit query
 * vectors, negative terms subtracted, normalised again, compared with every
 * stored vector of the active model (exact search). A text is also looked up
 * in the catalog's text index and the two rankings fused (hybrid, the
 * default), or searched one way only.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SearchQuery } from '../../../shared/contract';
import type { SearchHit, SearchResults } from '../../../shared/types';
import type { Catalog } from '../catalog/catalog';
import { StackRecords, withStacks } from '../catalog/stackRecords';
import { VideoRecords } from '../catalog/videoRecords';
import type { ClipEncoder } from '../clip/encoderClient';
import { isVideoPath } from '../files/videoFiles';
import { canonicalFormats } from '../formats/formatNames';
import { embedFrames, normalised, type VideoIndexing } from '../indexer/indexVideos';
import { isOrganizing } from '../organize/organizeFilter';
import type { OrganizeService } from '../organize/organizeService';
import { isEmptyTextQuery, parseTextQuery, requireTextQuery, type TextQuery } from '../text/textQuery';
import type { VectorSync } from '../vectors/vectorSync';
import { isAnimatedGif } from '../video/animatedGif';
import { FfmpegError } from '../video/runFfmpeg';
import { sampleVideo } from '../video/sampleVideo';
import { bothConditions, colorOnlySearch } from './colorOnly';
import { ColorSearch, isColorOnly } from './colorSearch';
import { fileCondition } from './fileFilter';
import { hybridSearch, textOnlySearch } from './hybridSearch';
import { organizedNearest } from './organizedSearch';
import { parseQueryText } from './queryText';
import { foldFrameHits, nearestFrame, VideoMoments } from './videoHits';

export class SearchError extends Error {}

/** How strongly a negative term pushes away, relative to a positive one. */
const NEGATIVE_WEIGHT = 0.5;
export const DEFAULT_LIMIT = 20;
/** The models whose store a search has already opened ahead of its query (a service is made per search). */
const opened = new WeakMap<VectorSync, Set<string>>();

export class SearchService {
  constructor(
    private readonly catalog: Catalog,
    private readonly encoder: ClipEncoder,
    private readonly vectors: VectorSync,
    private readonly organize: OrganizeService,
    /** How a video not in the library is read when it is given as an example; null: videos are refused. */
    private readonly video: VideoIndexing | null = null,
  ) {}

  /**
   * The vector of an image: from the catalog when indexed, else computed now. A video's is its
   * frames' mean, or with `time` (seconds) its frame nearest that time.
   */
  async imageVector(file: string, time?: number): Promise<Float32Array> {
    const abs = path.resolve(file);
    const row = this.catalog.fileByPath(abs);
    const stored = row && this.catalog.embedding(row.contentKey, this.encoder.model.id);
    if (stored) {
      const stat = fs.statSync(abs, { throwIfNoEntry: false });
      if (stat && stat.size === row.size && Math.trunc(stat.mtimeMs) === row.mtimeMs) {
        const frames = new VideoRecords(this.catalog.db).frameVectors(row.contentKey, this.encoder.model.id);
        return time === undefined || frames.length === 0 ? stored : nearestFrame(frames, time).vector;
      }
    }
    if (!fs.existsSync(abs)) throw new SearchError(`Image not found: ${abs}`);
    if (isVideoPath(abs) || (await isAnimatedGif(abs))) return this.videoVector(abs, time);
    const { outcomes, vectors } = await this.encoder.embedImages([abs]);
    const outcome = outcomes[0]!;
    if (!outcome.ok) throw new SearchError(`Cannot search with ${abs}: ${outcome.reason}`);
    return vectors[0]!;
  }

  /** A video outside the library (or changed since it was indexed), read now: its frames' mean, or one frame. */
  private async videoVector(file: string, time?: number): Promise<Float32Array> {
    if (!this.video?.ffmpeg) throw new SearchError(`Cannot search with ${file}: no ffmpeg to read videos with`);
    let sampled;
    try {
      sampled = await sampleVideo(file, { ffmpeg: this.video.ffmpeg, sampling: this.video.sampling });
    } catch (err) {
      if (err instanceof FfmpegError) throw new SearchError(`Cannot search with ${file}: ${err.message}`);
      throw err;
    }
    try {
      const frames = await embedFrames(this.encoder, sampled.frames, await this.encoder.batchSize());
      if (frames.length === 0) throw new SearchError(`Cannot search with ${file}: no frame could be read`);
      return time === undefined ? normalised(frames.map((f) => f.vector)) : nearestFrame(frames, time).vector;
    } finally {
      await fs.promises.rm(sampled.dir, { recursive: true, force: true });
    }
  }

  /** The query as one unit vector. */
  async queryVector(query: SearchQuery): Promise<Float32Array> {
    const terms = parseQueryText(query.text ?? '');
    for (const n of query.negatives ?? []) terms.push({ text: n, sign: -1 });
    const images = query.images ?? [];
    if (!terms.some((t) => t.sign > 0) && images.length === 0) {
      throw new SearchError('Nothing to search for: give a text, an example image, or both.');
    }
    const textVectors = await this.encoder.embedTexts(
      terms.map((t) => t.text),
      query.language,
    );
    const imageVectors = await Promise.all(images.map((p) => this.imageVector(p)));
    const dim = (textVectors[0] ?? imageVectors[0])!.length;
    const q = new Float32Array(dim);
    const add = (v: Float32Array, w: number) => {
      for (let i = 0; i < dim; i++) q[i]! += w * v[i]!;
    };
    terms.forEach((t, i) => add(textVectors[i]!, t.sign > 0 ? 1 : -NEGATIVE_WEIGHT));
    imageVectors.forEach((v) => add(v, query.imageWeight ?? 1));
    let norm = 0;
    for (let i = 0; i < dim; i++) norm += q[i]! * q[i]!;
    norm = Math.sqrt(norm);
    if (norm === 0)
      throw new SearchError('The query cancels itself out: its positive and negative terms are the same.');
    for (let i = 0; i < dim; i++) q[i]! /= norm;
    return q;
  }

  /** The results of the query; a stack shows as its cover, with how many images it hides. */
  async search(query: SearchQuery): Promise<SearchResults> {
    const found = await this.searchUnstacked(query);
    return { ...found, results: withStacks(this.stacks, found.results) };
  }

  private get stacks(): StackRecords {
    return new StackRecords(this.catalog.db);
  }

  private async searchUnstacked(query: SearchQuery): Promise<SearchResults> {
    if (isColorOnly(query))
      return colorOnlySearch({ catalog: this.catalog, organize: this.organize }, query, this.encoder.model.id);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const mode = query.mode ?? 'hybrid';
    const text = mode === 'visual' ? null : this.textQuery(query, mode === 'text');
    if (mode === 'text') {
      const hits = textOnlySearch(this.catalog, text!, limit, this.condition(query.filters));
      return { model: this.encoder.model.id, results: hits };
    }
    const encoding = this.queryVector(query);
    this.openStore();
    const vector = await encoding;
    if (!text) return this.nearest(vector, limit, query.filters);
    const results = await hybridSearch({
      catalog: this.catalog,
      modelId: this.encoder.model.id,
      query: text,
      vector,
      limit,
      condition: this.condition(query.filters),
      nearest: async (depth) => (await this.nearest(vector, depth, query.filters)).results,
    });
    const moments = new VideoMoments(this.catalog, this.encoder.model.id);
    return {
      model: this.encoder.model.id,
      results: results.map((hit) => {
        const { bestFrameScore: _best, ...annotated } = moments.annotate(hit, vector);
        return annotated;
      }),
    };
  }

  /**
   * The query's text as the text index reads it; null when it has none and example images carry
   * the search. Only operators, quotes or signs, with nothing else to search by, are refused.
   */
  private textQuery(query: SearchQuery, textOnly: boolean): TextQuery | null {
    const raw = query.text ?? '';
    if (textOnly && (query.images?.length ?? 0) > 0) {
      throw new SearchError('A text-only search takes no example image: search by example is visual.');
    }
    const parsed = parseTextQuery(raw);
    if (!isEmptyTextQuery(parsed)) return parsed;
    if (!textOnly && (query.images?.length || !raw.trim())) return null;
    try {
      return requireTextQuery(raw);
    } catch (err) {
      throw new SearchError((err as Error).message);
    }
  }

  /** Every filter as a condition on the catalog's files, images hidden in a stack left out. */
  private condition(filters: SearchQuery['filters'] = {}) {
    const shown = bothConditions(this.catalogCondition(filters), this.stacks.visibleCondition());
    return fileCondition(this.vectorFilter(filters), shown);
  }

  /** The organize filters and the colours asked, which only the catalog can answer; colours beside a query only filter. */
  private catalogCondition(filters: SearchQuery['filters'] = {}) {
    return bothConditions(
      isOrganizing(filters) ? this.organize.condition(filters) : null,
      new ColorSearch(this.catalog).condition(filters),
    );
  }

  private vectorFilter(filters: SearchQuery['filters'] = {}) {
    return {
      folders: (filters.folders ?? []).map((f) => path.resolve(f) + path.sep),
      formats: canonicalFormats(filters.formats ?? []),
    };
  }

  /**
   * What looks like an image, a video (all its frames) or one frame of a video (`time`, seconds);
   * colours in `filters` only filter, as beside an example image in `search`.
   */
  async similar(
    file: string,
    limit = DEFAULT_LIMIT,
    filters: SearchQuery['filters'] = {},
    time?: number,
  ): Promise<SearchResults> {
    const found = await this.nearest(await this.imageVector(file, time), limit, filters);
    return { ...found, results: withStacks(this.stacks, found.results) };
  }

  /**
   * Brings the store up to date and readies it (opening it, loading its saved index or a small
   * library's vectors) while the query is being encoded on the encoder's thread: at start-up these
   * are the two longest waits, and neither needs the other. A failure here is met again, and
   * reported, by the search.
   */
  private openStore(): void {
    const models = opened.get(this.vectors) ?? new Set<string>();
    opened.set(this.vectors, models);
    if (models.has(this.encoder.model.id)) return;
    models.add(this.encoder.model.id);
    const model = { id: this.encoder.model.id, dim: this.encoder.model.dim };
    this.vectors
      .sync(model)
      .then(() => this.vectors.store.prepare?.(model))
      .catch(() => undefined);
  }

  /**
   * The stored images nearest to a query vector, after bringing the store up to date. Images hidden
   * in a stack are left out: the stores know nothing of stacks, so as many more are asked for.
   */
  async nearest(vector: Float32Array, limit: number, filters: SearchQuery['filters'] = {}): Promise<SearchResults> {
    const model = { id: this.encoder.model.id, dim: vector.length };
    // Checked before the store is asked: a collection that does not exist is refused, not an empty answer.
    const condition = this.catalogCondition(filters);
    const filter = this.vectorFilter(filters);
    // Through the sync, which brings the store up to date first and tells its health how the search went.
    const store = this.vectors;
    const moments = new VideoMoments(this.catalog, model.id);
    const hidden = this.stacks.hiddenPaths();
    const ask = (k: number) =>
      condition
        ? organizedNearest({ catalog: this.catalog, store, model, query: vector, k, filter, condition })
        : store.search(model, vector, k, filter);
    const shown = <T extends { path: string }>(found: T[]) =>
      hidden.size ? found.filter((h) => !hidden.has(h.path)) : found;
    // A video's frames are entries of their own: ask for more until enough videos and images remain.
    const withVideos = moments.any();
    let hits = withVideos ? [] : shown(await ask(limit + hidden.size));
    if (withVideos) {
      for (let k = (limit + hidden.size) * 4; ; k *= 4) {
        const raw = await ask(k);
        hits = shown(foldFrameHits(this.catalog, raw));
        if (hits.length >= limit || raw.length < k || k >= (limit + hidden.size) * 256) break;
      }
    }
    const results: SearchHit[] = hits.map((h) => {
      const { bestFrameScore, ...hit } = moments.annotate({ ...h, score: 0 }, vector);
      const score = Number((bestFrameScore ?? h.score).toFixed(6));
      return { ...hit, score, matches: { visual: score } };
    });
    results.sort((a, b) => b.score - a.score);
    return { model: model.id, results: results.slice(0, limit) };
  }
}
