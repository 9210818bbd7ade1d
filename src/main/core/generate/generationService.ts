/**
 * Generation as the app and the CLI see it: checks a request, gathers its
 * references (chosen, and found in the library for the prompt), prepares them
 * for the API, and hands the job to the queue. Also answers where an image
 * came from (its provenance) and which image models there are.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { GenerationInput, TemplateGenerationInput } from '../../../shared/contract';
import type { GalleryPage, GenerationJob, GenerationParams, Provenance } from '../../../shared/generation';
import { GENERATION_MODELS, modelInfo, optionsRefusal, pricePerImage } from '../../../shared/imageModels';
import { fillTemplate, type PromptTemplate } from '../../../shared/promptTemplates';
import type { SpendingSummary } from '../../../shared/spending';
import type { GenerationModel } from '../../../shared/types';
import type { Catalog } from '../catalog/catalog';
import type { ConversationRecords } from '../catalog/conversationRecords';
import { galleryPage, type GalleryQuery } from '../catalog/generationGallery';
import { outputCostRows, promptHistory } from '../catalog/generationHistory';
import type { GenerationRecords } from '../catalog/generationRecords';
import { contentKey } from '../files/contentKey';
import type { SearchService } from '../search/searchService';
import { findAutoReferences } from './autoReferences';
import { resolveEdit } from './editSource';
import type { GeminiClient } from './geminiClient';
import { fatal } from './generationFailure';
import type { GenerationQueue, QueuedRequest } from './generationQueue';
import { prepareReferences } from './referenceImages';
import { summarizeSpending } from './spending';
import type { TemplateStore } from './templateStore';

export interface GenerationServiceDeps {
  catalog: Catalog;
  records: GenerationRecords;
  turns: ConversationRecords;
  queue: GenerationQueue;
  dataDir: string;
  /** The client, or a fatal GenerationFailure saying how to set a key. */
  client: () => GeminiClient;
  /** The model chosen in the settings. */
  defaultModel: () => string;
  defaultOutputDir: string;
  search: () => Promise<SearchService>;
  templates: TemplateStore;
}

export class GenerationService {
  constructor(private readonly deps: GenerationServiceDeps) {}

  /** Checks and prepares a request, and queues it. `outputDir` is the CLI's `--out`. */
  async start(input: GenerationInput & { outputDir?: string }): Promise<GenerationJob> {
    const request = await this.prepare(input);
    return this.deps.queue.enqueue(request);
  }

  /** Fills a template with `vars` (the chosen references fill its `{image N}`) and queues the prompt it makes. */
  async startFromTemplate(input: TemplateGenerationInput & { outputDir?: string }): Promise<GenerationJob> {
    const { template: name, vars, ...rest } = input;
    const template = this.deps.templates.get(name);
    const prompt = fillTemplate(template, vars, (input.references ?? []).length);
    const request = await this.prepare({ ...rest, prompt });
    return this.deps.queue.enqueue({ ...request, params: { ...request.params, template: template.name } });
  }

  /** The template of that name, or a refusal naming the templates there are. */
  template(name: string): PromptTemplate {
    return this.deps.templates.get(name);
  }

  /** Adds every template of an exported list, or none when one is bad or its name taken. */
  importTemplates(templates: PromptTemplate[]): PromptTemplate[] {
    return this.deps.templates.import(templates);
  }

  async prepare(input: GenerationInput & { outputDir?: string }): Promise<QueuedRequest> {
    this.deps.client(); // No key: say so now, before any work.
    const edited = input.edit ? await this.editOf(input.edit) : undefined;
    const model = modelInfo(input.model ?? edited?.model ?? this.deps.defaultModel());
    const chosen = [
      ...new Set([...(edited?.start ? [edited.start] : []), ...(input.references ?? []).map((p) => path.resolve(p))]),
    ];
    const room = Math.max(0, model.maxReferences - chosen.length);
    const auto = input.autoReferences
      ? await findAutoReferences(
          await this.deps.search(),
          this.deps.catalog,
          input.prompt,
          Math.min(input.autoReferences, room),
          chosen,
        )
      : [];
    if (chosen.length > model.maxReferences) {
      throw fatal(`${model.name} takes at most ${model.maxReferences} reference images; ${chosen.length} were given.`);
    }
    const refusal = optionsRefusal(model, input);
    if (refusal) throw fatal(refusal);
    const references = await prepareReferences(this.deps.dataDir, [
      ...chosen.map((p) => ({ path: p, source: 'chosen' as const })),
      ...auto.map((p) => ({ path: p, source: 'auto' as const })),
    ]);
    // The Batch API bills half the standard price, so a batch job's spending is summed at that.
    const listed = pricePerImage(model, input.imageSize);
    const priced = listed !== null && input.batch ? listed / 2 : listed;
    const params: GenerationParams = {
      model: model.id,
      count: input.count ?? 1,
      ...(input.aspectRatio ? { aspectRatio: input.aspectRatio } : {}),
      ...(input.imageSize ? { imageSize: input.imageSize } : {}),
      ...(input.thinkingLevel ? { thinkingLevel: input.thinkingLevel } : {}),
      ...(priced !== null ? { pricePerImageUsd: priced } : {}),
      ...(input.batch ? { batch: true } : {}),
    };
    return {
      prompt: input.prompt.trim(),
      params,
      references: references.map(({ file: _copy, ...ref }) => ref),
      ...(edited ? { edit: edited.edit } : {}),
      outputDir: path.resolve(input.outputDir ?? this.deps.defaultOutputDir),
    };
  }

  private async editOf(file: string) {
    const abs = path.resolve(file);
    const key = this.deps.catalog.fileByPath(abs)?.contentKey ?? (await keyOf(abs));
    if (!key) throw fatal(`Cannot edit ${abs}: the file is not there.`);
    return resolveEdit(this.deps, abs, key);
  }

  /** Where an image is now, by its content; where it was when no indexed file holds it. */
  private now(ref: { path: string; contentKey: string }) {
    return { path: this.deps.catalog.fileByContentKey(ref.contentKey)?.path ?? ref.path, contentKey: ref.contentKey };
  }

  /** The images from a conversation's start to `turnId`: a starting image first, if it had one. */
  private lineage(turnId: string): Provenance['lineage'] {
    const chain = this.deps.turns.chain(turnId);
    const out: Provenance['lineage'] = [];
    const first = chain[0] && this.deps.records.request(chain[0].jobId);
    if (first?.edit && !first.edit.parentTurnId) out.push({ ...this.now(first.edit.parent), prompt: null });
    for (const turn of chain) {
      const output = this.deps.records.outputByContentKey(turn.contentKey);
      const prompt = this.deps.records.request(turn.jobId)?.prompt ?? null;
      out.push({ ...this.now({ path: output?.path ?? '', contentKey: turn.contentKey }), prompt });
    }
    return out;
  }

  /** The files the references of jobs not yet finished were prepared from: the uploads folder keeps them. */
  pendingReferences(): string[] {
    return this.deps.records.unfinished().flatMap((job) => job.references.map((ref) => ref.path));
  }

  jobs(limit = 50): GenerationJob[] {
    return this.deps.records.recent(limit);
  }

  /** Every generated image, newest first, with its prompt and model. */
  gallery(query: GalleryQuery): GalleryPage {
    return galleryPage(this.deps.catalog.db, query);
  }

  /**
   * The same prompt, references and parameters again, as a new job that runs
   * at once: a batch that failed or expired is resubmitted this way.
   */
  again(jobId: string): GenerationJob {
    const request = this.deps.records.request(jobId) as QueuedRequest | undefined;
    if (!request) throw fatal(`No generation job ${jobId}.`);
    this.deps.client();
    const { batch: _batch, ...params } = request.params;
    return this.deps.queue.enqueue({ ...request, params });
  }

  /** How the image at `file` was made, found by its content (a renamed output keeps its provenance). */
  async provenance(file: string): Promise<Provenance | null> {
    const abs = path.resolve(file);
    const key = this.deps.catalog.fileByPath(abs)?.contentKey ?? (await keyOf(abs));
    const output = key ? this.deps.records.outputByContentKey(key) : undefined;
    const request = output && this.deps.records.request(output.jobId);
    if (!output || !request) return null;
    const turn = this.deps.turns.byContentKey(output.contentKey);
    return {
      path: abs,
      contentKey: output.contentKey,
      jobId: output.jobId,
      prompt: request.prompt,
      params: request.params,
      references: request.references.map((ref) => ({
        ...ref,
        currentPath: this.deps.catalog.fileByContentKey(ref.contentKey)?.path ?? null,
      })),
      ...(output.responseText ? { responseText: output.responseText } : {}),
      parent: request.edit ? this.now(request.edit.parent) : null,
      conversation: turn ? { id: turn.conversationId, turn: turn.turn } : null,
      lineage: turn ? this.lineage(turn.id) : [{ path: abs, contentKey: output.contentKey, prompt: request.prompt }],
      createdAt: output.createdAt,
    };
  }

  /** Prompts used before, newest first, each once; `query` keeps those containing it. */
  prompts(query: string, limit: number): string[] {
    return promptHistory(this.deps.catalog.db, query, limit);
  }

  /** Estimated spending per day and month, from the prices the jobs were made at. */
  spending(): SpendingSummary {
    return summarizeSpending(outputCostRows(this.deps.catalog.db));
  }

  /** The API's image models when it answers within a few seconds, else the ones Atelier knows. */
  async models(): Promise<GenerationModel[]> {
    try {
      const listed = await this.deps.client().listImageModels(AbortSignal.timeout(5_000));
      if (listed.length > 0) return listed;
    } catch {
      // Offline or no key: the known models still let the user choose.
    }
    return [...GENERATION_MODELS];
  }
}

async function keyOf(file: string): Promise<string | null> {
  try {
    const stat = await fs.stat(file);
    return await contentKey(file, stat.size);
  } catch {
    return null;
  }
}
