/**
 * The `atelier` command: parses arguments, runs one command on the core, and
 * turns errors into a one-line message and an exit code (1 for an operational
 * error, 2 for a usage error), never a stack trace for a user's mistake.
 */
import { commandNamed, parseLimit } from './commandTable';
import { dataDirOf, geminiOptions, type GlobalOptions, openAtelier } from './context';
import { UsageError } from './errors';
import { parseCommandLine, refuseForeignFlags } from './flags';
import { commandHelp, generalHelp } from './help';
import { showDownloadProgress } from './output';
import { resolveStore, type StoreFlags } from './storeOptions';

async function run(argv: string[]): Promise<void> {
  const { values, positionals, given } = parseCommandLine(argv);
  const [name, ...rest] = positionals;
  if (name === 'help' || (values.help && !name)) {
    const about = name === 'help' && rest[0] !== undefined ? commandNamed(rest[0]) : undefined;
    if (name === 'help' && rest[0] !== undefined && !about) throw new UsageError(`Unknown command "${rest[0]}".`);
    process.stdout.write(about ? commandHelp(about) : generalHelp());
    return;
  }
  if (!name) throw new UsageError('No command given.');
  const command = commandNamed(name);
  if (!command) throw new UsageError(`Unknown command "${name}".`);
  refuseForeignFlags(name, given, command.flags);
  if (values.help) {
    process.stdout.write(commandHelp(command));
    return;
  }
  const limit = parseLimit(values.limit);
  command.check?.(rest, values);
  const global: GlobalOptions = { json: values.json, ...(values.data ? { data: values.data } : {}) };
  // For `generate`, --model names the Gemini model; the CLIP model then comes from ATELIER_MODEL.
  if (values.model && name !== 'generate') global.model = values.model;
  // `serve` waits for the network like the app; a command run ends instead, its job kept queued.
  global.gemini = {
    ...geminiOptions(values['gemini-base-url'], values.timeout),
    offline: name === 'serve' ? 'wait' : 'stop',
  };
  const storeFlags: StoreFlags = {
    store: values.store,
    milvusUri: values['milvus-uri'],
    milvusToken: values['milvus-token'],
    milvusDb: values['milvus-db'],
    collection: values.collection,
  };
  // For `store migrate`, the Milvus flags describe the target, not the store in use.
  const migrating = name === 'store' && rest[0] === 'migrate';
  const store = resolveStore(storeFlags, process.env, dataDirOf(global), !migrating);
  global.store = store;
  const atelier = openAtelier(global);
  const stopDownloads = showDownloadProgress(atelier.events);
  try {
    await command.run({ atelier, rest, values, limit, global, store, storeFlags });
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
