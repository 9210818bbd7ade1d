/** `atelier --help` and `atelier <command> --help`, written from the command table and the flags' help. */
import { type Command, COMMANDS, type Usage } from './commandTable';
import { type Flag, FLAG_HELP, GLOBAL_FLAGS } from './flags';

/** Where a usage line's description starts, and a flag's. */
const USAGE_COLUMN = 46;
const FLAG_COLUMN = 17;

function usageLines({ call, does }: Usage): string[] {
  const [first, ...more] = call;
  const head = `  atelier ${first}`;
  const calls = [head, ...more.map((line) => `${' '.repeat(FLAG_COLUMN)}${line}`)];
  const indent = ' '.repeat(USAGE_COLUMN);
  if (more.length === 0 && head.length < USAGE_COLUMN) {
    const [firstDoes, ...moreDoes] = does;
    return [`${head.padEnd(USAGE_COLUMN)}${firstDoes}`, ...moreDoes.map((line) => `${indent}${line}`)];
  }
  return [...calls, ...does.map((line) => `${indent}${line}`)];
}

function flagLines(flag: Flag): string[] {
  const { value, text } = FLAG_HELP[flag];
  const label = `${flag === 'help' ? '-h, ' : ''}--${flag}${value ? ` ${value}` : ''}`;
  const indent = ' '.repeat(FLAG_COLUMN);
  const [first, ...more] = text.split('\n');
  const rest = more.map((line) => `${indent}${line}`);
  if (label.length < FLAG_COLUMN - 2) return [`  ${label.padEnd(FLAG_COLUMN - 2)}${first}`, ...rest];
  return [`  ${label}`, `${indent}${first}`, ...rest];
}

const ENVIRONMENT = `Environment:
  GEMINI_API_KEY        the Gemini API key, where none is saved in the app's settings
  ATELIER_PROVIDER      execution providers to try, e.g. "cuda" or "cpu" (default: the best available)
  ATELIER_MODEL_MIRROR  base URL to download models from instead of https://huggingface.co
  ATELIER_RENDERER_DIR  serve this built renderer instead of building one on demand
  ATELIER_MILVUS_CA     CA certificate (PEM file) that signed a Milvus server's TLS certificate
  ATELIER_GEMINI_BATCH_POLL  seconds between the app's checks on a submitted batch (default 60)
`;

const EXIT_CODES = 'Exit codes: 0 success, 1 operational error (message on stderr), 2 usage error.\n';

const globalOptions = () => ['Options everywhere:', ...GLOBAL_FLAGS.flatMap(flagLines)];

/** The whole command's help: every command's usage, the options every command takes, the environment. */
export function generalHelp(): string {
  return [
    'atelier: find any image in your folders by description or example',
    '',
    'Usage:',
    ...COMMANDS.flatMap((c) => c.usage.flatMap(usageLines)),
    '',
    ...globalOptions(),
    '',
    'Run "atelier <command> --help" for the options of one command.',
    '',
    ENVIRONMENT,
    EXIT_CODES,
  ].join('\n');
}

/** One command's help: its usage, then exactly the flags it takes. */
export function commandHelp(command: Command): string {
  return [
    'Usage:',
    ...command.usage.flatMap(usageLines),
    '',
    ...(command.flags.length ? ['Options:', ...command.flags.flatMap(flagLines), ''] : []),
    ...globalOptions(),
    ...(command.notes ? ['', ...command.notes] : []),
    '',
    EXIT_CODES,
  ].join('\n');
}
