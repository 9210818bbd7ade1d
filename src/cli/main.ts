/**
 * The `atelier` command: parses arguments, runs one command on the core, and
 * turns errors into a one-line message and an exit code (1 for an operational
 * error, 2 for a usage error), never a stack trace for a user's mistake.
 */
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { embedCommand } from './commands/embed';
import { generateCommand } from './commands/generate';
import { infoCommand } from './commands/info';
import { indexCommand } from './commands/index';
import { modelsCommand } from './commands/models';
import { searchCommand, similarCommand } from './commands/search';
import { serveCommand } from './commands/serve';
import { statusCommand } from './commands/status';
import { storeCommand, syncAfterIndex } from './commands/store';
import { dataDirOf, geminiOptions, openAtelier, type GlobalOptions } from './context';
import { UsageError } from './errors';
import { HELP } from './help';
import { showDownloadProgress } from './output';
import { resolveStore, type StoreFlags } from './storeOptions';

const options = {
  data: { type: 'string' },
  model: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  image: { type: 'string', multiple: true, default: [] },
  text: { type: 'string' },
  not: { type: 'string', multiple: true, default: [] },
  limit: { type: 'string' },
  folder: { type: 'string', multiple: true, default: [] },
  format: { type: 'string', multiple: true, default: [] },
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
  count: { type: 'string' },
  out: { type: 'string' },
  resume: { type: 'boolean', default: false },
  'gemini-base-url': { type: 'string' },
  timeout: { type: 'string' },
} satisfies ParseArgsConfig['options'];

const COMMANDS = new Set([
  'index',
  'search',
  'similar',
  'embed',
  'status',
  'models',
  'serve',
  'store',
  'generate',
  'info',
]);

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
}

function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return 20;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--limit must be a positive whole number, not "${raw}"`);
  return n;
}

async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv);
  const [command, ...rest] = positionals;
  if (values.help || command === 'help') {
    process.stdout.write(HELP);
    return;
  }
  if (!command) throw new UsageError('No command given.');
  if (!COMMANDS.has(command)) throw new UsageError(`Unknown command "${command}".`);
  const limit = parseLimit(values.limit);
  const global: GlobalOptions = { json: values.json, ...(values.data ? { data: values.data } : {}) };
  // For `generate`, --model names the Gemini model; the CLIP model then comes from ATELIER_MODEL.
  if (values.model && command !== 'generate') global.model = values.model;
  // `serve` waits for the network like the app; a command run ends instead, its job kept queued.
  global.gemini = {
    ...geminiOptions(values['gemini-base-url'], values.timeout),
    offline: command === 'serve' ? 'wait' : 'stop',
  };
  const storeFlags: StoreFlags = {
    store: values.store,
    milvusUri: values['milvus-uri'],
    milvusToken: values['milvus-token'],
    milvusDb: values['milvus-db'],
    collection: values.collection,
  };
  // For `store migrate`, the Milvus flags describe the target, not the store in use.
  const migrating = command === 'store' && rest[0] === 'migrate';
  global.store = resolveStore(storeFlags, process.env, dataDirOf(global), !migrating);
  const atelier = openAtelier(global);
  const stopDownloads = showDownloadProgress(atelier.events);
  try {
    switch (command) {
      case 'index':
        await indexCommand(atelier, rest, global);
        return await syncAfterIndex(atelier, global.store);
      case 'search':
        return await searchCommand(atelier, {
          text: values.text !== undefined ? [...rest, values.text] : rest,
          images: values.image,
          negatives: values.not,
          limit,
          folders: values.folder,
          formats: values.format,
          json: values.json,
        });
      case 'similar':
        if (rest.length > 1) throw new UsageError('similar takes one image');
        return await similarCommand(atelier, rest[0], limit, values.json);
      case 'embed':
        return await embedCommand(atelier, {
          ...(values.text !== undefined ? { text: values.text } : {}),
          ...(values.image[0] !== undefined ? { image: values.image[0] } : {}),
          json: values.json,
        });
      case 'status':
        return await statusCommand(atelier, values.json);
      case 'models':
        return await modelsCommand(atelier, rest, values.json);
      case 'store':
        return await storeCommand(atelier, rest, {
          store: global.store,
          flags: storeFlags,
          to: values.to,
          json: values.json,
        });
      case 'generate':
        return await generateCommand(atelier, {
          prompt: values.prompt ?? rest.join(' '),
          refs: values.ref.map((r) => path.resolve(r)),
          autoRefs: values['auto-refs'],
          model: values.model,
          aspect: values.aspect,
          size: values.size,
          count: values.count,
          out: values.out,
          resume: values.resume,
          json: values.json,
        });
      case 'info':
        return await infoCommand(atelier, rest, values.json);
      case 'serve':
        if (rest.length > 0) throw new UsageError('serve takes no arguments, only options');
        return await serveCommand(atelier, { host: values.host, port: values.port, open: values.open });
    }
  } finally {
    stopDownloads();
    await atelier.close();
  }
}

function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0]!.trim() || 'Unknown error';
}

try {
  await run(process.argv.slice(2));
  process.exitCode = 0;
} catch (err) {
  if (err instanceof UsageError) {
    process.stderr.write(`atelier: ${err.message}\nRun "atelier --help" for usage.\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`atelier: ${oneLine(err)}\n`);
    if (process.env.ATELIER_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exitCode = 1;
  }
}
