/**
 * `atelier generate`: makes images with a Gemini image model from a prompt and
 * references, saves them (indexed at once, with their provenance) and prints
 * what it made. Without a network the job stays queued and `--resume` runs it
 * later; a blocked prompt or an answer without an image exits 1 saying why.
 */
import type { Atelier } from '../../main/core/app';
import type { GenerationInput } from '../../shared/contract';
import { ASPECT_RATIOS, type GenerationJob, IMAGE_SIZES, THINKING_LEVELS } from '../../shared/generation';
import { formatUsd, GENERATION_MODELS, IMAGE_MODELS_CHECKED } from '../../shared/imageModels';
import { UsageError } from '../errors';
import { printJson, printLine } from '../output';
import { parseVars } from './templates';

export interface GenerateOptions {
  prompt: string;
  template?: string | undefined;
  vars: string[];
  refs: string[];
  autoRefs?: string;
  model?: string;
  aspect?: string;
  size?: string;
  thinking?: string;
  count?: string;
  out?: string;
  resume: boolean;
  /** The image to edit: the prompt is the instruction. */
  edit?: string;
  batch?: boolean;
  /** A job to run again at once. */
  again?: string;
  json: boolean;
}

export class GenerateError extends Error {}

function wholeNumber(raw: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`${flag} must be ${min} to ${max}, not "${raw}"`);
  return n;
}

function oneOf<T extends string>(raw: string | undefined, flag: string, allowed: readonly T[]): T | undefined {
  if (raw === undefined) return undefined;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, not "${raw}"`);
}

/** The command line as a request: a prompt, or a template and its values (`template` set). */
export function generationInput(
  options: GenerateOptions,
): GenerationInput & { outputDir?: string; template?: string; vars?: Record<string, string> } {
  const prompt = options.prompt.trim();
  if (options.template !== undefined) {
    if (prompt) throw new UsageError('--template and --prompt exclude each other: the template makes the prompt');
    if (!options.template.trim()) throw new UsageError('--template needs a name: atelier templates list shows them');
  } else if (options.vars.length) {
    throw new UsageError('--var fills a template: give --template NAME too');
  } else if (!prompt && options.edit) {
    throw new UsageError('an edit needs an instruction: atelier generate --edit <image> --prompt "<instruction>"');
  } else if (!prompt) {
    throw new UsageError('generate needs a prompt: atelier generate --prompt "<text>" [--ref PATH]...');
  }
  const autoReferences = wholeNumber(options.autoRefs, '--auto-refs', 0, 14);
  const count = wholeNumber(options.count, '--count', 1, 8);
  const aspectRatio = oneOf(options.aspect, '--aspect', ASPECT_RATIOS);
  const imageSize = oneOf(options.size, '--size', IMAGE_SIZES);
  const thinkingLevel = oneOf(options.thinking, '--thinking', THINKING_LEVELS);
  return {
    prompt,
    ...(options.template !== undefined ? { template: options.template, vars: parseVars(options.vars) } : {}),
    references: options.refs,
    ...(autoReferences !== undefined ? { autoReferences } : {}),
    ...(options.model ? { model: options.model } : {}),
    ...(aspectRatio ? { aspectRatio } : {}),
    ...(imageSize ? { imageSize } : {}),
    ...(thinkingLevel ? { thinkingLevel } : {}),
    ...(count !== undefined ? { count } : {}),
    ...(options.out ? { outputDir: options.out } : {}),
    ...(options.edit ? { edit: options.edit } : {}),
    ...(options.batch ? { batch: true } : {}),
  };
}

function report(job: GenerationJob) {
  return {
    job: job.id,
    state: job.state,
    outputs: job.outputs,
    references: job.references.map(({ path, contentKey, source, mimeType, width, height, bytes }) => ({
      path,
      contentKey,
      source,
      mimeType,
      width,
      height,
      bytes,
    })),
    model: job.params.model,
    ...(job.batch ? { batch: job.batch.name } : {}),
    ...(job.edit ? { parent: job.edit.parent, conversation: job.edit.conversationId } : {}),
    ...(job.edit?.note ? { note: job.edit.note } : {}),
    ...(job.responseText ? { text: job.responseText } : {}),
    ...(job.message ? { message: job.message } : {}),
  };
}

/** Shows a job's waits and retries on stderr, where they do not disturb --json. */
function followOnStderr(atelier: Atelier): () => void {
  let last = '';
  return atelier.events.on('generate.job', (job) => {
    // A wait with a time set (a retry, the network) is news; the final state is reported once, at the end.
    const line = job.nextAttemptAt ? (job.message ?? '') : '';
    if (line && line !== last) process.stderr.write(`${line}\n`);
    last = line;
  });
}

async function runJobs(atelier: Atelier, ids: string[], json: boolean): Promise<void> {
  const stop = followOnStderr(atelier);
  const interrupt = () => ids.forEach((id) => atelier.generationQueue.cancel(id));
  process.once('SIGINT', interrupt);
  let failure: string | undefined;
  try {
    for (const id of ids) {
      const job = await atelier.generationQueue.run(id);
      if (json) printJson(report(job));
      else if (job.state === 'batch-submitted') {
        printLine(`Submitted to batch ${job.batch?.name ?? ''} (${job.batch?.state ?? 'pending'}), job ${job.id}.`);
        printLine('`atelier generate --resume` collects its images once it is done.');
      } else {
        for (const out of job.outputs) printLine(out);
        if (job.responseText) printLine(`Model's note: ${job.responseText}`);
        if (job.state === 'succeeded' && job.message) printLine(job.message);
      }
      if (job.state !== 'succeeded' && job.state !== 'batch-submitted')
        failure ??= job.message ?? `The job ended ${job.state}.`;
    }
  } finally {
    stop();
    process.off('SIGINT', interrupt);
  }
  if (failure) throw new GenerateError(failure);
}

export async function generateCommand(atelier: Atelier, options: GenerateOptions): Promise<void> {
  if (options.again) {
    const job = atelier.generation.again(options.again);
    return runJobs(atelier, [job.id], options.json);
  }
  if (options.resume) {
    const waiting = atelier.generation
      .jobs(1000)
      .filter((j) => ['queued', 'running', 'retrying', 'batch-submitted'].includes(j.state));
    if (waiting.length === 0) {
      if (!options.json) printLine('No generation jobs are waiting.');
      return;
    }
    return runJobs(
      atelier,
      waiting.reverse().map((j) => j.id),
      options.json,
    );
  }
  const { template, vars, prompt, ...input } = generationInput(options);
  const job =
    template !== undefined
      ? await atelier.generation.startFromTemplate({ ...input, template, vars: vars ?? {} })
      : await atelier.generation.start({ ...input, prompt });
  // Said before the run, on stderr: the edit goes ahead, from the image alone.
  if (job.edit?.note) process.stderr.write(`${job.edit.note}\n`);
  return runJobs(atelier, [job.id], options.json);
}

/** What each known model takes and costs, for the help: from the one model table. */
export function modelNotes(): string[] {
  const lines = [`The image models (prices per image, checked ${IMAGE_MODELS_CHECKED}; batch: half):`];
  for (const model of GENERATION_MODELS) {
    const prices = Object.entries(model.pricePerImageUsd ?? {})
      .map(([size, usd]) => (size === 'default' ? formatUsd(usd) : `${size} ${formatUsd(usd)}`))
      .join(', ');
    lines.push(`  ${model.id}: up to ${model.maxReferences} references; ${prices}`);
    lines.push(`    sizes: ${model.imageSizes.join(', ') || 'one (leave --size out)'}`);
    lines.push(`    aspect ratios: ${model.aspectRatios.join(' ')}`);
    if (model.thinkingLevels.length) lines.push(`    thinking: ${model.thinkingLevels.join(', ')}`);
  }
  return lines;
}
