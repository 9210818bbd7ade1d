/**
 * `npm run bench:soak -- [--minutes N] [--json] [--seed S]`
 *
 * One library, many processes: for N minutes (default 5), one real
 * `atelier serve` and several real CLI indexers and searchers share one data
 * folder over a library of a few thousand small generated images, while files
 * are added, renamed and deleted, indexers are killed with SIGKILL and `serve`
 * is killed and started again once (bench/soakRun.ts). Then it waits for
 * quiet (a final index run) and checks the catalog and the store against the
 * disk. Prints what it saw, then one JSON object:
 * `{"minutes","operations","errors","lost","duplicates","stale_searches","p99_search_ms"}`;
 * with --json, only the object (the rest goes to stderr). Every count but
 * `operations` should be 0.
 *
 * --seed replays a run's random decisions (its seed is printed); --folders and
 * --per-folder size the library (default 100 x 20), --indexers the number of
 * concurrent indexers (default 3), --cli-searchers and --api-searchers the
 * searchers (default 1 and 2), --model another CLIP folder than the `color`
 * fixture (its images are told apart by colour), --keep leaves the run folder in bench/.cache.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CACHE } from './benchModel';
import { runSoak } from './soakRun';
import { summaryLines } from './soakSummary';

const COLOR_MODEL = path.resolve(import.meta.dirname, '..', '..', 'shared', 'clip', 'models', 'color');

/** A bad option: said in one line, exit code 2. */
class UsageError extends Error {}

const options = {
  minutes: { type: 'string', default: '5' },
  json: { type: 'boolean', default: false },
  seed: { type: 'string' },
  folders: { type: 'string', default: '100' },
  'per-folder': { type: 'string', default: '20' },
  indexers: { type: 'string', default: '3' },
  'cli-searchers': { type: 'string', default: '1' },
  'api-searchers': { type: 'string', default: '2' },
  model: { type: 'string', default: COLOR_MODEL },
  keep: { type: 'boolean', default: false },
} as const;

function parse() {
  try {
    return parseArgs({ options }).values;
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
}

function positive(name: string, raw: string, integer = true): number {
  const n = Number(raw);
  if (!(n > 0) || (integer && !Number.isInteger(n)))
    throw new UsageError(`--${name} must be a positive number, not "${raw}"`);
  return n;
}

function count(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a whole number, not "${raw}"`);
  return n;
}

async function main(): Promise<void> {
  const values = parse();
  const say = (line: string) => (values.json ? process.stderr : process.stdout).write(`${line}\n`);
  const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be a whole number, not "${values.seed}"`);
  const shape = {
    minutes: positive('minutes', values.minutes, false),
    seed,
    folders: positive('folders', values.folders),
    perFolder: positive('per-folder', values['per-folder']),
    indexers: positive('indexers', values.indexers),
    cliSearchers: count('cli-searchers', values['cli-searchers']),
    apiSearchers: count('api-searchers', values['api-searchers']),
  };
  say(`Seed ${seed} (replay its decisions with --seed ${seed})`);
  const report = await runSoak({
    ...shape,
    model: path.resolve(values.model),
    cacheDir: path.join(CACHE, 'soak'),
    keep: values.keep,
    say,
    warn: (line) => process.stderr.write(`${line}\n`),
  });
  for (const line of summaryLines(report)) say(line);
  if (values.keep) say(`Kept ${report.runDir}`);
  process.stdout.write(`${JSON.stringify(report.result)}\n`);
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) {
    process.stderr.write(`bench:soak: ${err.message}\n`);
    process.exitCode = 2;
    return;
  }
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
