/**
 * The `atelier` commands in one table: what each is called, how it is used,
 * which flags it takes and how it runs. The dispatcher (main.ts), the help
 * (help.ts) and the refusal of a flag given to the wrong command all read it.
 */
import path from 'node:path';
import type { Atelier } from '../main/core/app';
import { parseRating, parseTag } from '../main/core/organize/labels';
import { requireTextQuery, TextQueryError } from '../main/core/text/textQuery';
import type { StoreConfig } from '../main/core/vectors/createStore';
import type { SearchMode } from '../shared/contract';
import { isLanguageTag } from '../shared/languageTag';
import type { OrganizeFilter } from '../shared/organize';
import { autotagArgs, autotagCommand } from './commands/autotag';
import { browseCommand, browseRequest } from './commands/browse';
import { collectionArgs, collectionCommand } from './commands/collection';
import { colorFilterOf } from './commands/colorFlags';
import { duplicatesArgs, duplicatesCommand } from './commands/duplicates';
import { embedCommand } from './commands/embed';
import { generateCommand, type GenerateOptions, generationInput, modelNotes } from './commands/generate';
import { indexCommand } from './commands/index';
import { infoCommand } from './commands/info';
import { modelsCommand } from './commands/models';
import { asUsage } from './commands/organizeInput';
import { noteArgs, noteCommand, rateArgs, rateCommand } from './commands/rate';
import { searchCommand, similarCommand } from './commands/search';
import { sidecarsArgs, sidecarsCommand } from './commands/sidecars';
import { stackArgs, stackCommand, unstackArgs, unstackCommand } from './commands/stack';
import { statusCommand } from './commands/status';
import { storeCommand, syncAfterIndex } from './commands/store';
import { tagArgs, tagCommand } from './commands/tag';
import { templatesArgs, templatesCommand, type TemplatesFlags } from './commands/templates';
import { timeOf, videoSamplingOf } from './commands/videoFlags';
import type { GlobalOptions } from './context';
import { UsageError } from './errors';
import type { Flag, FlagValues } from './flags';
import type { StoreFlags } from './storeOptions';

/** What a command runs with: the core, its arguments and the parsed flags. */
export interface CommandRun {
  atelier: Atelier;
  /** The positional arguments after the command's name. */
  rest: string[];
  values: FlagValues;
  /** --limit, checked (default 20). */
  limit: number;
  global: GlobalOptions;
  /** The store this run uses (flags, environment, store.json). */
  store: StoreConfig;
  storeFlags: StoreFlags;
}

/** One way to call a command, as help shows it: the call (after `atelier `; one or more lines) and what it does. */
export interface Usage {
  call: string[];
  does: string[];
}

export interface Command {
  name: string;
  usage: Usage[];
  /** The flags this command takes beyond the global ones (flags.ts GLOBAL_FLAGS). */
  flags: Flag[];
  /** Lines its help adds after the flags. */
  notes?: string[];
  /** Checks the arguments before the core opens, so a usage mistake touches nothing in the data folder. */
  check?(rest: string[], values: FlagValues): void;
  run(run: CommandRun): Promise<void>;
}

/** --limit, checked before the core opens: a usage mistake changes nothing in the data folder. */
export function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return 20;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--limit must be a positive whole number, not "${raw}"`);
  return n;
}

const GENERATION_FLAGS: Flag[] = ['gemini-base-url', 'timeout'];

export const COMMANDS: readonly Command[] = [
  {
    name: 'index',
    usage: [
      {
        call: ['index <folder>... [--video-interval S] [--video-max-frames N] [--json]'],
        does: ['add folders to the library and index them'],
      },
    ],
    flags: ['video-interval', 'video-max-frames'],
    check: (_rest, values) => videoSamplingOf(values),
    async run({ atelier, rest, global, store, values }) {
      await indexCommand(atelier, rest, global, videoSamplingOf(values));
      return await syncAfterIndex(atelier, store);
    },
  },
  {
    name: 'search',
    usage: [
      {
        call: [
          'search ["<text>"] [--image PATH]... [--not TEXT]... [--limit K]',
          '[--visual-only | --text-only] [--folder DIR]... [--format FMT]...',
          '[--tag TAG]... [--rating N] [--in-collection NAME] [--untagged]',
          '[--color HEX]... [--color-distance D] [--lang TAG] [--json]',
        ],
        does: [
          'search by text, example images, colours, or some of them; a text is',
          'looked up by looks and by words (names, folders, text in images,',
          'prompts, tags, notes) at once; "a phrase" in quotes must appear;',
          '--color alone ranks by colour, beside a query it filters; "- term" steers away',
        ],
      },
    ],
    flags: [
      'text',
      'image',
      'not',
      'limit',
      'visual-only',
      'text-only',
      'folder',
      'format',
      'tag',
      'rating',
      'in-collection',
      'untagged',
      'color',
      'color-distance',
      'lang',
    ],
    check: (rest, values) => {
      organizeFilterOf(values);
      colorFilterOf(values);
      searchModeOf(rest, values);
      languageOf(values);
    },
    run: ({ atelier, rest, values, limit }) =>
      searchCommand(atelier, {
        mode: searchModeOf(rest, values),
        organize: organizeFilterOf(values),
        colors: colorFilterOf(values),
        text: values.text !== undefined ? [...rest, values.text] : rest,
        images: values.image,
        negatives: values.not,
        limit,
        folders: values.folder,
        formats: values.format,
        language: languageOf(values),
        json: values.json,
      }),
  },
  {
    name: 'similar',
    usage: [
      {
        call: [
          'similar <image|video> [--time S] [--limit K] [--folder DIR] [--format FMT] [--color HEX] [--color-distance D] [--json]',
        ],
        does: [
          'images and videos that look like this one (a video: its frame at S, else all its frames);',
          'colours only filter',
        ],
      },
    ],
    flags: ['limit', 'time', 'folder', 'format', 'color', 'color-distance'],
    check: (rest, values) => {
      if (rest.length > 1) throw new UsageError('similar takes one image');
      timeOf(values.time);
      colorFilterOf(values);
    },
    async run({ atelier, rest, values, limit }) {
      return await similarCommand(atelier, rest[0], {
        limit,
        folders: values.folder,
        formats: values.format,
        colors: colorFilterOf(values),
        json: values.json,
        time: timeOf(values.time),
      });
    },
  },
  {
    name: 'browse',
    usage: [
      {
        call: [
          'browse [--folder DIR] [--sort added|modified|name|size|random] [--asc|--desc]',
          '[--limit K] [--offset N] [--seed N] [--tag TAG]... [--rating N] [--in-collection NAME]',
          '[--untagged] [--json]',
        ],
        does: ['the library, or one folder of it (subfolders included), a page at a time'],
      },
    ],
    flags: ['folder', 'sort', 'asc', 'desc', 'limit', 'offset', 'seed', 'tag', 'rating', 'in-collection', 'untagged'],
    check: (_rest, values) => void organizeFilterOf(values),
    run: ({ atelier, rest, values, limit }) =>
      browseCommand(
        atelier,
        browseRequest({
          rest,
          folders: values.folder,
          sort: values.sort,
          asc: values.asc,
          desc: values.desc,
          limit,
          offset: values.offset,
          seed: values.seed,
          organize: organizeFilterOf(values),
        }),
        values.json,
      ),
  },
  {
    name: 'embed',
    usage: [
      {
        call: ['embed (--text "<text>" [--lang TAG] | --image PATH) --json'],
        does: ["print the model's vector for a text or an image"],
      },
    ],
    flags: ['text', 'image', 'lang'],
    check: (_rest, values) => languageOf(values),
    run: ({ atelier, values }) =>
      embedCommand(atelier, {
        ...(values.text !== undefined ? { text: values.text } : {}),
        language: languageOf(values),
        ...(values.image[0] !== undefined ? { image: values.image[0] } : {}),
        json: values.json,
      }),
  },
  {
    name: 'status',
    usage: [{ call: ['status [--json]'], does: ['folders, counts and the active model'] }],
    flags: [],
    run: ({ atelier, values }) => statusCommand(atelier, values.json),
  },
  {
    name: 'models',
    usage: [
      { call: ['models list [--json]'], does: ['known and installed models'] },
      { call: ['models download <id>'], does: ['download a model (resumes if interrupted)'] },
      {
        call: ['models import <folder>'],
        does: ['install a model from a folder (Hugging Face ONNX or Immich layout)'],
      },
      {
        call: ['models use <id> [--json]'],
        does: [
          'switch searches to that model (downloaded first if need be): the',
          'library is re-indexed into it while searches keep using the current one',
        ],
      },
      {
        call: ['models pause|resume|cancel [--json]'],
        does: ['pause, resume (and follow) or give up the model switch in progress'],
      },
      { call: ['models remove-vectors <id> [--json]'], does: ["free a model's vectors (not the model in use)"] },
    ],
    flags: [],
    run: ({ atelier, rest, values }) => modelsCommand(atelier, rest, values.json),
  },
  {
    name: 'generate',
    usage: [
      {
        call: [
          'generate --prompt "<text>" [--ref PATH]... [--auto-refs K] [--model NAME]',
          '[--aspect W:H] [--size 512|1K|2K|4K] [--thinking minimal|high] [--count N]',
          '[--out DIR] [--json]',
        ],
        does: [
          'make images with a Gemini image model from a prompt and',
          'references; saved, indexed and kept with their provenance',
        ],
      },
      {
        call: ['generate --edit <image> --prompt "<instruction>" [--ref PATH]... [--json]'],
        does: [
          'edit an image in conversation: continues the turns that made it,',
          'or starts a conversation from a library image',
        ],
      },
      {
        call: ['generate --batch --prompt "<text>" ... [--json]'],
        does: ['submit through the Batch API at half price; exits once submitted'],
      },
      {
        call: ['generate --template NAME [--var KEY=VALUE]... [--ref PATH]... [other options as above]'],
        does: [
          'fill a prompt template (atelier templates) and generate from it; the',
          'references fill its {image 1}, {image 2}… in order',
        ],
      },
      {
        call: ['generate --resume [--json]'],
        does: ['run the generation jobs left waiting (offline, interrupted); collect finished batches'],
      },
      {
        call: ['generate --again <job> [--json]'],
        does: ['run a job again at once with the same request (a failed or expired batch)'],
      },
    ],
    flags: [
      'prompt',
      'template',
      'var',
      'ref',
      'auto-refs',
      'aspect',
      'size',
      'thinking',
      'count',
      'out',
      'resume',
      'edit',
      'batch',
      'again',
      ...GENERATION_FLAGS,
    ],
    check: (rest, values) => {
      if (!values.resume && !values.again) generationInput(generateOptions(rest, values));
    },
    notes: [
      "--model NAME names the Gemini image model here (default: the settings' choice,",
      'gemini-2.5-flash-image); the CLIP model then comes from ATELIER_MODEL.',
      '',
      ...modelNotes(),
    ],
    run: ({ atelier, rest, values }) => generateCommand(atelier, generateOptions(rest, values)),
  },
  {
    name: 'templates',
    usage: [
      { call: ['templates list [--json]'], does: ['the prompt templates (--json: a list that add --file takes back)'] },
      { call: ['templates show <name> [--json]'], does: ["a template's prompt, placeholders and defaults"] },
      {
        call: ['templates add <name> --prompt "<text>" [--description TEXT] [--var KEY=DEFAULT]...'],
        does: ['a new template: {key} in the prompt is a placeholder, {image N} the Nth reference'],
      },
      {
        call: ['templates add --file PATH [--json]'],
        does: ['add the templates of a JSON file (as list --json prints)'],
      },
      { call: ['templates remove <name>'], does: ['delete a template'] },
    ],
    flags: ['prompt', 'description', 'var', 'file'],
    check: (rest, values) => void templatesArgs(rest, templatesFlags(values)),
    run: ({ atelier, rest, values }) =>
      templatesCommand(atelier, templatesArgs(rest, templatesFlags(values)), values.json),
  },
  {
    name: 'info',
    usage: [
      {
        call: ['info <image> [--json]'],
        does: ['what the library knows of an image, and how it was made'],
      },
    ],
    flags: [],
    run: ({ atelier, rest, values }) => infoCommand(atelier, rest, values.json),
  },
  {
    name: 'tag',
    usage: [
      { call: ['tag add <tag> <path>...'], does: ['tag images (tags ignore case; no commas)'] },
      { call: ['tag remove <tag> <path>...'], does: ['take a tag off images'] },
      { call: ['tag list [--json]'], does: ['every tag in use, with how many images have it'] },
    ],
    flags: [],
    check: (rest) => void tagArgs(rest),
    run: ({ atelier, rest, values }) => Promise.resolve(tagCommand(atelier, tagArgs(rest), values.json)),
  },
  {
    name: 'rate',
    usage: [{ call: ['rate <0-5> <path>...'], does: ['give images 1 to 5 stars (0: no rating)'] }],
    flags: [],
    check: (rest) => void rateArgs(rest),
    run: ({ atelier, rest, values }) => Promise.resolve(rateCommand(atelier, rateArgs(rest), values.json)),
  },
  {
    name: 'note',
    usage: [{ call: ['note <path> "<text>"'], does: ['keep a note with an image ("" clears it)'] }],
    flags: [],
    check: (rest) => void noteArgs(rest),
    run: ({ atelier, rest, values }) => Promise.resolve(noteCommand(atelier, noteArgs(rest), values.json)),
  },
  {
    name: 'sidecars',
    usage: [
      {
        call: ['sidecars write [--folder DIR]... [--json]'],
        does: ['write tags and ratings to name.ext.xmp sidecars (the images are never changed)'],
      },
    ],
    flags: ['folder'],
    check: (rest, values) => void sidecarsArgs(rest, values.folder),
    run: ({ atelier, rest, values }) =>
      Promise.resolve(sidecarsCommand(atelier, sidecarsArgs(rest, values.folder), values.json)),
  },
  {
    name: 'collection',
    usage: [
      { call: ['collection create <name>'], does: ['a new, empty collection'] },
      { call: ['collection add <name> <path>...'], does: ['append images to a collection'] },
      { call: ['collection remove <name> <path>...'], does: ['take images out of a collection'] },
      {
        call: ['collection move <name> <path>... [--before PATH]'],
        does: ['put images of a collection just before another of its images (default: at its end)'],
      },
      { call: ['collection list [--json]'], does: ['every collection, with its size'] },
      { call: ['collection show <name> [--json]'], does: ["a collection's images, in order"] },
      { call: ['collection rename <name> <new name>'], does: ['give a collection another name'] },
      { call: ['collection delete <name>'], does: ['delete a collection (its images stay)'] },
    ],
    flags: ['before'],
    check: (rest, values) => void collectionArgs(rest, values.before),
    run: ({ atelier, rest, values }) =>
      Promise.resolve(collectionCommand(atelier, collectionArgs(rest, values.before), values.json)),
  },
  {
    name: 'autotag',
    usage: [
      {
        call: ['autotag define <tag> --prompt TEXT [--example PATH]... [--threshold S]'],
        does: ['tag every image this alike to the description (and examples); re-runs after each index'],
      },
      { call: ['autotag run [<tag>]'], does: ['score the library again for one auto-tag, or all'] },
      { call: ['autotag list [--json]'], does: ['the auto-tags, with their definitions and counts'] },
      { call: ['autotag remove <tag>'], does: ['forget an auto-tag and take it off every image'] },
    ],
    flags: ['prompt', 'example', 'threshold'],
    check: (rest, values) => void autotagArgs(rest, values),
    run: ({ atelier, rest, values }) => autotagCommand(atelier, autotagArgs(rest, values), values.json),
  },
  {
    name: 'duplicates',
    usage: [
      {
        call: ['duplicates [--threshold S] [--json]'],
        does: ['exact copies, and images that look alike (cosine similarity at least S)'],
      },
    ],
    flags: ['threshold'],
    check: (rest, values) => void duplicatesArgs(rest, values),
    run: ({ atelier, rest, values }) => duplicatesCommand(atelier, duplicatesArgs(rest, values), values.json),
  },
  {
    name: 'stack',
    usage: [
      {
        call: ['stack <cover> <path>... [--json]'],
        does: ['show only the cover in browse and search, the others behind it (+N); stacks merge'],
      },
    ],
    flags: [],
    check: (rest) => void stackArgs(rest),
    run: ({ atelier, rest, values }) => Promise.resolve(stackCommand(atelier, stackArgs(rest), values.json)),
  },
  {
    name: 'unstack',
    usage: [{ call: ['unstack <path> [--json]'], does: ['dissolve the stack an image is in; all show again'] }],
    flags: [],
    check: (rest) => void unstackArgs(rest),
    run: ({ atelier, rest, values }) => Promise.resolve(unstackCommand(atelier, unstackArgs(rest), values.json)),
  },
  {
    name: 'serve',
    usage: [
      {
        call: ['serve [--host 127.0.0.1] [--port N] [--open]'],
        does: [
          'the app in a browser: prints its address (with an access',
          'token) and serves until Ctrl-C; binds 127.0.0.1 by default',
        ],
      },
    ],
    flags: ['host', 'port', 'open', ...GENERATION_FLAGS],
    async run({ atelier, rest, values }) {
      if (rest.length > 0) throw new UsageError('serve takes no arguments, only options');
      // The server (its modules and the WebSocket one) loads for `serve` alone.
      const { serveCommand } = await import('./commands/serve');
      return await serveCommand(atelier, { host: values.host, port: values.port, open: values.open });
    },
  },
  {
    name: 'store',
    usage: [
      { call: ['store status [--json]'], does: ['the vector store in use, its health and counts'] },
      { call: ['store verify [--json]'], does: ['compare the store with the catalog and repair what differs'] },
      {
        call: ['store migrate --to embedded|milvus [--json]'],
        does: [
          'copy every vector to that store (no re-embedding) and',
          'use it from now on (saved in store.json in the data folder)',
        ],
      },
    ],
    flags: ['to'],
    run: ({ atelier, rest, values, store, storeFlags }) =>
      storeCommand(atelier, rest, { store, flags: storeFlags, to: values.to, json: values.json }),
  },
];

/**
 * --visual-only or --text-only, checked with the text before the core opens: a text of only
 * operators or quotes, which the text index cannot search, is a usage error.
 */
/** --lang, checked: a language tag, or undefined when not given. */
function languageOf(values: FlagValues): string | undefined {
  const tag = values.lang;
  if (tag !== undefined && !isLanguageTag(tag)) {
    throw new UsageError(`--lang needs a language tag such as zh-CN, ja or ru, not "${tag}"`);
  }
  return tag;
}

function searchModeOf(rest: string[], values: FlagValues): SearchMode {
  if (values['visual-only'] && values['text-only'])
    throw new UsageError('--visual-only and --text-only exclude each other');
  const mode: SearchMode = values['visual-only'] ? 'visual' : values['text-only'] ? 'text' : 'hybrid';
  const text = (values.text !== undefined ? [...rest, values.text] : rest).join(' ').trim();
  if (mode === 'text' && values.image.length) {
    throw new UsageError('--text-only takes no --image: a search by example is visual');
  }
  if (mode === 'text' && !text) throw new UsageError('--text-only needs a text: atelier search "<text>" --text-only');
  if (mode === 'text' || (mode === 'hybrid' && text && !values.image.length)) {
    try {
      requireTextQuery(text);
    } catch (err) {
      if (err instanceof TextQueryError) throw new UsageError(err.message);
      throw err;
    }
  }
  return mode;
}

/** --tag, --rating, --in-collection and --untagged as a search filter; a bad rating is a usage error. */
function organizeFilterOf(values: FlagValues): OrganizeFilter {
  const filter: OrganizeFilter = {};
  if (values.tag.length) filter.tags = values.tag.map((t) => asUsage(() => parseTag(t)).name);
  if (values.rating !== undefined) {
    const raw = values.rating;
    const n = asUsage(() => parseRating(raw));
    if (n > 0) filter.minRating = n;
  }
  if (values['in-collection'] !== undefined) filter.collection = values['in-collection'];
  if (values.untagged) filter.untagged = true;
  if (filter.untagged && filter.tags) throw new UsageError('--untagged and --tag exclude each other');
  return filter;
}

function generateOptions(rest: string[], values: FlagValues): GenerateOptions {
  return {
    prompt: values.prompt ?? rest.join(' '),
    template: values.template,
    vars: values.var,
    refs: values.ref.map((r) => path.resolve(r)),
    autoRefs: values['auto-refs'],
    model: values.model,
    aspect: values.aspect,
    size: values.size,
    thinking: values.thinking,
    count: values.count,
    out: values.out,
    resume: values.resume,
    ...(values.edit ? { edit: path.resolve(values.edit) } : {}),
    batch: values.batch,
    ...(values.again ? { again: values.again } : {}),
    json: values.json,
  };
}

function templatesFlags(values: FlagValues): TemplatesFlags {
  return { prompt: values.prompt, description: values.description, vars: values.var, file: values.file };
}

/** The command of that name, if there is one. */
export function commandNamed(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}
