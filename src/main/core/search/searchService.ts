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
import type { ClipEncoder } from '../clip/encoderClient';
import { canonicalFormat } from '../formats/formatNames';
import { isOrganizing } from '../organize/organizeFilter';
import type { OrganizeService } from '../organize/organizeService';
import { isEmptyTextQuery, parseTextQuery, requireTextQuery, type TextQuery } from '../text/textQuery';
import type { VectorSync } from '../vectors/vectorSync';
import { bothConditions, colorOnlySearch } from './colorOnly';
import { ColorSearch, isColorOnly } from './colorSearch';
import { fileCondition } from './fileFilter';
import { hybridSearch, textOnlySearch } from './hybridSearch';
import { organizedNearest } from './organizedSearch';
import { parseQueryText } from './queryText';

export class SearchError extends Error {}

/** How strongly a negative term pushes away, relative to a positive one. */
const NEGATIVE_WEIGHT = 0.5;
export const DEFAULT_LIMIT = 20;

export class SearchService {
  constructor(
    private readonly catalog: Catalog,
    private readonly encoder: ClipEncoder,
    private readonly vectors: VectorSync,
    private readonly organize: OrganizeService,
  ) {}

  /** The vector of an image: from the catalog when indexed, else computed now. */
  async imageVector(file: string): Promise<Float32Array> {
    const abs = path.resolve(file);
    const row = this.catalog.fileByPath(abs);
    const stored = row && this.catalog.embedding(row.contentKey, this.encoder.model.id);
    if (stored) {
      const stat = fs.statSync(abs, { throwIfNoEntry: false });
      if (stat && stat.size === row.size && Math.trunc(stat.mtimeMs) === row.mtimeMs) return stored;
    }
    if (!fs.existsSync(abs)) throw new SearchError(`Image not found: ${abs}`);
    const { outcomes, vectors } = await this.encoder.embedImages([abs]);
    const outcome = outcomes[0]!;
    if (!outcome.ok) throw new SearchError(`Cannot search with ${abs}: ${outcome.reason}`);
    return vectors[0]!;
  }

  /** The query as one unit vector. */
  async queryVector(query: SearchQuery): Promise<Float32Array> {
    const terms = parseQueryText(query.text ?? '');
    for (const n of query.negatives ?? []) terms.push({ text: n, sign: -1 });
    const images = query.images ?? [];
    if (!terms.some((t) => t.sign > 0) && images.length === 0) {
      throw new SearchError('Nothing to search for: give a text, an example image, or both.');
    }
    const textVectors = await this.encoder.embedTexts(terms.map((t) => t.text));
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

  async search(query: SearchQuery): Promise<SearchResults> {
    if (isColorOnly(query))
      return colorOnlySearch({ catalog: this.catalog, organize: this.organize }, query, this.encoder.model.id);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const mode = query.mode ?? 'hybrid';
    const text = mode === 'visual' ? null : this.textQuery(query, mode === 'text');
    if (mode === 'text') {
      const hits = textOnlySearch(this.catalog, text!, limit, this.condition(query.filters));
      return { model: this.encoder.model.id, results: hits };
    }
    const vector = await this.queryVector(query);
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
    return { model: this.encoder.model.id, results };
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

  private condition(filters: SearchQuery['filters'] = {}) {
    return fileCondition(this.vectorFilter(filters), this.catalogCondition(filters));
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
      formats: [...new Set((filters.formats ?? []).map(canonicalFormat))],
    };
  }

  /** By looks alone; colours in `filters` only filter, as beside an example image in `search`. */
  async similar(file: string, limit = DEFAULT_LIMIT, filters: SearchQuery['filters'] = {}): Promise<SearchResults> {
    return this.nearest(await this.imageVector(file), limit, filters);
  }

  /** The stored images nearest to a query vector, after bringing the store up to date. */
  async nearest(vector: Float32Array, limit: number, filters: SearchQuery['filters'] = {}): Promise<SearchResults> {
    const model = { id: this.encoder.model.id, dim: vector.length };
    // Checked before the store is asked: a collection that does not exist is refused, not an empty answer.
    const condition = this.catalogCondition(filters);
    const filter = this.vectorFilter(filters);
    // Through the sync, which brings the store up to date first and tells its health how the search went.
    const store = this.vectors;
    const hits = condition
      ? await organizedNearest({ catalog: this.catalog, store, model, query: vector, k: limit, filter, condition })
      : await store.search(model, vector, limit, filter);
    const results: SearchHit[] = hits.map((h) => {
      const score = Number(h.score.toFixed(6));
      return { ...h, score, matches: { visual: score } };
    });
    return { model: model.id, results };
  }
}
