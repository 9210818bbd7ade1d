/**
 * Auto-tags: the user defines a tag by a description, optionally with example
 * images, and a threshold; every image whose vector under the active model is
 * at least that similar gets the tag, marked `auto`, so the user's own tags
 * stay apart (and win: removing the definition leaves them). Nothing is
 * auto-tagged unless defined. Runs replace the tag's previous matches, and run
 * again after each index (new images) and under a new model.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AutoTagPreview, AutoTagView } from '../../../shared/organize';
import type { Catalog } from '../catalog/catalog';
import type { ClipEncoder } from '../clip/encoderClient';
import { AutoTagRecords, type AutoTagRow } from './autoTagRecords';
import { type Label, OrganizeInputError, parseTag } from './labels';
import { TagRecords } from './tagRecords';
import { meanDirection, scoreFiles } from './vectorScores';

/** Where a threshold starts: CLIP's text-to-image similarities of a good match lie around 0.25–0.35. */
export const DEFAULT_AUTOTAG_THRESHOLD = 0.25;
const MAX_PROMPT = 1000;
const MAX_EXAMPLES = 20;

export interface AutoTagDefinition {
  prompt: string;
  examples?: readonly string[];
  threshold?: number;
}

export function parseAutoThreshold(raw: number | string): number {
  const value = typeof raw === 'number' ? raw : Number(raw);
  if ((typeof raw === 'string' && raw.trim() === '') || !Number.isFinite(value) || value <= 0 || value > 1) {
    throw new OrganizeInputError(`The threshold must be a number above 0 and at most 1, not "${raw}".`);
  }
  return value;
}

function parsePrompt(raw: string): string {
  const prompt = raw.trim();
  if (!prompt) throw new OrganizeInputError('An auto-tag needs a description (--prompt "night scene", say).');
  if (prompt.length > MAX_PROMPT) throw new OrganizeInputError(`A description is at most ${MAX_PROMPT} characters.`);
  return prompt;
}

export class AutoTagService {
  private readonly rows: AutoTagRecords;
  private readonly tags: TagRecords;
  /** The last query vector, so a threshold moved in the app re-scores without embedding again. */
  private cached: { key: string; vector: Float32Array } | null = null;

  constructor(
    private readonly catalog: Catalog,
    private readonly encoder: () => Promise<ClipEncoder>,
  ) {
    this.rows = new AutoTagRecords(catalog.db);
    this.tags = new TagRecords(catalog.db);
  }

  /** Defines (or redefines) the tag and runs it; returns how many images it tagged. */
  async define(tag: string, definition: AutoTagDefinition): Promise<number> {
    const label = parseTag(tag);
    const prompt = parsePrompt(definition.prompt);
    const examples = this.checkedExamples(definition.examples ?? []);
    const threshold = parseAutoThreshold(definition.threshold ?? DEFAULT_AUTOTAG_THRESHOLD);
    // The vector first: a model that cannot load leaves no definition behind.
    const encoder = await this.encoder();
    const vector = await this.queryVector(encoder, prompt, examples);
    this.catalog.transaction(() => this.rows.put(label, prompt, examples, threshold));
    return this.apply(this.rows.find(label)!, encoder.model.id, vector);
  }

  /** Runs one auto-tag (or all); returns each one's count of tagged images. */
  async run(tag?: string): Promise<Array<{ tag: string; count: number }>> {
    const rows = tag === undefined ? this.rows.all() : [this.definition(parseTag(tag))];
    if (rows.length === 0) return [];
    const encoder = await this.encoder();
    const counts: Array<{ tag: string; count: number }> = [];
    for (const row of rows) {
      const vector = await this.queryVector(
        encoder,
        row.prompt,
        row.examples.filter((e) => fs.existsSync(e)),
      );
      counts.push({ tag: row.name, count: this.apply(row, encoder.model.id, vector) });
    }
    return counts;
  }

  /** Runs every auto-tag again, if there are any: after an index (new images, or a new model's vectors). */
  async refresh(): Promise<void> {
    if (this.rows.all().length > 0) await this.run();
  }

  list(): AutoTagView[] {
    return this.rows.all().map((row) => ({
      tag: row.name,
      prompt: row.prompt,
      examples: row.examples,
      threshold: row.threshold,
      model: row.modelId,
      ranAt: row.runAt,
      count: this.tags.autoCount(row),
    }));
  }

  /** Forgets the definition and takes its tag off every image it had put it on; the user's own stay. */
  remove(tag: string): number {
    const label = parseTag(tag);
    return this.catalog.transaction(() => {
      const row = this.definition(label);
      const count = this.tags.autoCount(label);
      this.tags.removeAuto(label);
      this.rows.delete(row.id);
      return count;
    });
  }

  /** What a definition would tag at a threshold, without tagging anything: the app's live view. */
  async preview(definition: AutoTagDefinition, limit = 24): Promise<AutoTagPreview> {
    const prompt = parsePrompt(definition.prompt);
    const examples = this.checkedExamples(definition.examples ?? []);
    const threshold = parseAutoThreshold(definition.threshold ?? DEFAULT_AUTOTAG_THRESHOLD);
    const encoder = await this.encoder();
    const vector = await this.queryVector(encoder, prompt, examples);
    const passing = scoreFiles(this.catalog.db, encoder.model.id, vector)
      .filter((s) => s.score >= threshold)
      .sort((a, b) => b.score - a.score);
    return {
      count: passing.length,
      matches: passing.slice(0, limit).map(({ path: p, score }) => ({ path: p, score: Math.round(score * 1e4) / 1e4 })),
    };
  }

  private definition(label: Label): AutoTagRow {
    const row = this.rows.find(label);
    if (!row) throw new OrganizeInputError(`No auto-tag named "${label.name}": define it with atelier autotag define.`);
    return row;
  }

  private checkedExamples(given: readonly string[]): string[] {
    if (given.length > MAX_EXAMPLES) throw new OrganizeInputError(`At most ${MAX_EXAMPLES} example images.`);
    return given.map((g) => {
      const abs = path.resolve(g);
      if (!fs.existsSync(abs)) throw new OrganizeInputError(`No such example image: ${abs}`);
      return abs;
    });
  }

  /** The description's vector, joined by the examples' (their mean direction with it). */
  private async queryVector(encoder: ClipEncoder, prompt: string, examples: string[]): Promise<Float32Array> {
    const key = JSON.stringify([encoder.model.id, prompt, examples]);
    if (this.cached?.key === key) return this.cached.vector;
    const [text] = await encoder.embedTexts([prompt]);
    const images = examples.length > 0 ? await encoder.embedImages(examples) : { vectors: [], outcomes: [] };
    const bad = images.outcomes.findIndex((o) => !o.ok);
    if (bad >= 0) throw new OrganizeInputError(`Cannot read the example image ${examples[bad]}.`);
    const vector = meanDirection([text!, ...images.vectors.filter((v): v is Float32Array => v !== null)]);
    this.cached = { key, vector };
    return vector;
  }

  private apply(row: AutoTagRow, model: string, vector: Float32Array): number {
    const matches = scoreFiles(this.catalog.db, model, vector).filter((s) => s.score >= row.threshold);
    this.catalog.transaction(() => {
      this.tags.replaceAuto(
        row,
        matches.map((m) => m.fileId),
      );
      this.rows.ran(row.id, model);
    });
    return matches.length;
  }
}
