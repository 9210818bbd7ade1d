/**
 * Every flag the `atelier` command knows, with its help text, and parsing a
 * command line against the flags of the command it names: a flag another
 * command takes is refused rather than ignored.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors';

const OPTIONS = {
  data: { type: 'string' },
  model: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  image: { type: 'string', multiple: true, default: [] },
  text: { type: 'string' },
  lang: { type: 'string' },
  not: { type: 'string', multiple: true, default: [] },
  limit: { type: 'string' },
  folder: { type: 'string', multiple: true, default: [] },
  format: { type: 'string', multiple: true, default: [] },
  tag: { type: 'string', multiple: true, default: [] },
  rating: { type: 'string' },
  'in-collection': { type: 'string' },
  untagged: { type: 'boolean', default: false },
  'visual-only': { type: 'boolean', default: false },
  'text-only': { type: 'boolean', default: false },
  color: { type: 'string', multiple: true, default: [] },
  'color-distance': { type: 'string' },
  store: { type: 'string' },
  'milvus-uri': { type: 'string' },
  'milvus-token': { type: 'string' },
  'milvus-db': { type: 'string' },
  collection: { type: 'string' },
  to: { type: 'string' },
  host: { type: 'string', default: '127.0.0.1' },
  port: { type: 'string' },
  open: { type: 'boolean', default: false },
  prompt: { type: 'string' },
  ref: { type: 'string', multiple: true, default: [] },
  'auto-refs': { type: 'string' },
  aspect: { type: 'string' },
  size: { type: 'string' },
  thinking: { type: 'string' },
  template: { type: 'string' },
  var: { type: 'string', multiple: true, default: [] },
  description: { type: 'string' },
  file: { type: 'string' },
  count: { type: 'string' },
  out: { type: 'string' },
  resume: { type: 'boolean', default: false },
  edit: { type: 'string' },
  batch: { type: 'boolean', default: false },
  again: { type: 'string' },
  'gemini-base-url': { type: 'string' },
  timeout: { type: 'string' },
  sort: { type: 'string' },
  asc: { type: 'boolean', default: false },
  desc: { type: 'boolean', default: false },
  offset: { type: 'string' },
  seed: { type: 'string' },
  threshold: { type: 'string' },
  example: { type: 'string', multiple: true, default: [] },
  before: { type: 'string' },
  'video-interval': { type: 'string' },
  'video-max-frames': { type: 'string' },
  time: { type: 'string' },
} satisfies ParseArgsConfig['options'];

export type Flag = keyof typeof OPTIONS;

/** How a flag shows in help: its value's placeholder and what it does. */
export interface FlagHelp {
  value?: string;
  text: string;
}

export const FLAG_HELP: Record<Flag, FlagHelp> = {
  data: {
    value: 'DIR',
    text: "the library's data folder (env ATELIER_DATA; default: the per-OS app data folder)",
  },
  model: {
    value: 'DIR|ID',
    text: 'the CLIP model: a model folder or an installed model id (env ATELIER_MODEL)',
  },
  json: { text: 'machine-readable output on stdout' },
  help: { text: 'this help' },
  image: { value: 'PATH', text: 'an example image (search: repeatable)' },
  text: { value: 'TEXT', text: 'the text to search for or embed' },
  lang: {
    value: 'TAG',
    text: "the text's language (zh-CN, ja, ru); NLLB models read it before the text (default: none)",
  },
  not: { value: 'TEXT', text: 'steer away from this text (repeatable)' },
  limit: { value: 'K', text: 'how many results (default 20)' },
  folder: { value: 'DIR', text: 'only images under this folder (repeatable)' },
  format: {
    value: 'FMT',
    text: 'only images of this format: jpeg, png, webp, psd, tga, hdr, svg, raw, mp4, video… (repeatable)',
  },
  tag: { value: 'TAG', text: 'only images with this tag (repeatable: all of them)' },
  rating: { value: 'N', text: 'only images rated at least N stars (1-5)' },
  'in-collection': { value: 'NAME', text: 'only images in this collection' },
  untagged: { text: 'only images with no tag' },
  'visual-only': { text: 'rank by how images look only, not by the words in and around them' },
  'text-only': {
    text: 'rank by the words only: names, folders, text in images, prompts, tags, notes',
  },
  color: {
    value: 'HEX',
    text: "only images holding this colour, e.g. '#c8102e' (repeatable: all of them);\nalone, ranks by how much of it they hold",
  },
  'color-distance': { value: 'D', text: 'how far (ΔE2000) a colour may be from one asked for (default 20)' },
  store: {
    value: 'embedded|milvus',
    text: "where vectors are searched (env ATELIER_STORE; default: store.json's choice, else embedded)",
  },
  'milvus-uri': {
    value: 'URI',
    text:
      'Milvus server, e.g. http://127.0.0.1:19530 or https://… for TLS (env ATELIER_MILVUS_URI);\n' +
      'on its own it selects the Milvus store',
  },
  'milvus-token': { value: 'TOKEN', text: 'user:password or an API key (env ATELIER_MILVUS_TOKEN; never saved)' },
  'milvus-db': { value: 'NAME', text: 'Milvus database (env ATELIER_MILVUS_DB; default: default)' },
  collection: {
    value: 'PREFIX',
    text: 'collection name prefix: one collection per model, PREFIX_<model> (default: atelier)',
  },
  to: { value: 'embedded|milvus', text: 'the store to copy every vector to (store migrate)' },
  host: { value: 'HOST', text: 'the address to listen on (default 127.0.0.1: this machine only)' },
  port: { value: 'N', text: 'the port to listen on (default: a free one)' },
  open: { text: 'open the address in the browser' },
  prompt: { value: 'TEXT', text: 'what to make (generate), or what an auto-tag means (autotag define)' },
  ref: { value: 'PATH', text: 'a reference image, in order: the prompt can say "image 1" (repeatable)' },
  'auto-refs': { value: 'K', text: "the library's K best matches for the prompt as references" },
  aspect: { value: 'W:H', text: 'aspect ratio: 1:1, 3:4, 16:9, …' },
  size: { value: '512|1K|2K|4K', text: 'image size, for models that take it (see the table below)' },
  thinking: { value: 'minimal|high', text: 'how much the model thinks first, for models that take it' },
  template: { value: 'NAME', text: 'fill a saved prompt template instead of --prompt' },
  var: { value: 'KEY=VALUE', text: "a template's placeholder and its value (repeatable)" },
  description: { value: 'TEXT', text: 'what a template is for' },
  file: { value: 'PATH', text: 'a JSON file of templates (as templates list --json prints them)' },
  count: { value: 'N', text: 'how many images (N parallel calls)' },
  out: { value: 'DIR', text: 'where to save the images (default: the data folder\'s "generated")' },
  resume: { text: 'run the generation jobs left waiting (offline, interrupted) and collect finished batches' },
  edit: { value: 'IMAGE', text: 'continue the conversation that made IMAGE (or start one from it); --prompt says how' },
  batch: { text: 'submit through the Batch API: half the price, results within a day (collect with --resume)' },
  again: { value: 'JOB', text: 'run a job again at once (a failed or expired batch, say) with the same request' },
  'gemini-base-url': {
    value: 'URL',
    text: 'a proxy or gateway for the Gemini API (env ATELIER_GEMINI_BASE_URL)',
  },
  timeout: {
    value: 'S',
    text: 'seconds one generation call may take before it is retried (default 120;\nenv ATELIER_GEMINI_TIMEOUT)',
  },
  sort: { value: 'added|modified|name|size|random', text: 'the order (default added: newest first)' },
  asc: { text: 'oldest, smallest, A first' },
  desc: { text: 'newest, largest, Z first' },
  offset: { value: 'N', text: 'skip the first N images (for paging)' },
  seed: { value: 'N', text: 'the shuffle of --sort random: the same seed, the same order (default 0)' },
  'video-interval': {
    value: 'S',
    text: 'keep at least one frame of a video every S seconds (default: Settings, else 10)',
  },
  'video-max-frames': { value: 'N', text: 'keep at most N frames of one video (default: Settings, else 64)' },
  time: { value: 'S', text: "a video's frame nearest S seconds as the example (default: all its frames)" },
  threshold: {
    value: 'S',
    text: 'cosine similarity, 0 to 1, that near-duplicates need (default 0.985),\nor that an image needs for an auto-tag (default 0.25)',
  },
  example: { value: 'PATH', text: 'an example image of what an auto-tag means (repeatable)' },
  before: { value: 'PATH', text: 'the image of the collection to put the moved ones before' },
};

/** Flags every command takes. */
export const GLOBAL_FLAGS: readonly Flag[] = [
  'data',
  'model',
  'json',
  'store',
  'milvus-uri',
  'milvus-token',
  'milvus-db',
  'collection',
  'help',
];

function parseAll(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
}

export type FlagValues = ReturnType<typeof parseAll>['values'];

export interface CommandLine {
  values: FlagValues;
  positionals: string[];
  /** The flags given on the command line (not those filled in by a default), in order. */
  given: Flag[];
}

/** Parses argv against every known flag; unknown ones are a usage error. */
export function parseCommandLine(argv: string[]): CommandLine {
  const { values, positionals, tokens } = parseAll(argv);
  const given = tokens.flatMap((t) => (t.kind === 'option' ? [t.name] : []));
  return { values, positionals, given };
}

/** Refuses a flag `command` does not take: `accepted` lists its own flags, the global ones are always taken. */
export function refuseForeignFlags(command: string, given: readonly Flag[], accepted: readonly Flag[]): void {
  const foreign = given.find((flag) => !GLOBAL_FLAGS.includes(flag) && !accepted.includes(flag));
  if (foreign) throw new UsageError(`unknown option --${foreign} for 'atelier ${command}'`);
}
