/**
 * The soak scenario: one data folder shared, for a set time, by one real
 * `atelier serve` and several real CLI processes (indexers and searchers),
 * while the library changes under them (files added, renamed, deleted),
 * indexers are killed with SIGKILL at random and `serve` is killed and started
 * again once. Then it waits for quiet (a final index run), searches every
 * folder once more and checks the catalog and the store against the disk.
 *
 * Every random choice comes from one seeded generator, so a seed replays the
 * same decisions (the processes' timing still varies from run to run).
 */
import fs from 'node:fs';
import path from 'node:path';
import { rng } from './dataset';
import { CatalogWatch } from './soakCatalogWatch';
import { ChildPool, type RunningCommand, staticPage } from './soakChildren';
import { type FinalCheck, finalCheck } from './soakFinal';
import { STALE_AFTER_MS } from './soakJudge';
import { type LibraryShape, SoakLibrary } from './soakLibrary';
import { type SearchContext, searchOnce } from './soakSearches';
import { SoakServe } from './soakServe';
import { firstLine, percentile, type SoakResult, SoakTally } from './soakTally';

export interface SoakOptions extends LibraryShape {
  minutes: number;
  seed: number;
  indexers: number;
  cliSearchers: number;
  apiSearchers: number;
  /** The CLIP model folder (the `color` fixture: fast, and its vectors mean colours). */
  model: string;
  /** The image cache; run folders are made beside it (hard links need one file system). */
  cacheDir: string;
  /** Seconds between two kills of an indexer, at random in this range. */
  killEverySeconds?: [number, number];
  /** How long the index runs in flight at the end may take before they are killed too (default 180 s). */
  quietLimitMs?: number;
  /** Leave the run folder (library and data) in place. */
  keep?: boolean;
  /** Started processes go here (a test kills what is left should it fail); default: a pool of its own. */
  pool?: ChildPool;
  say(line: string): void;
  warn(line: string): void;
}

export interface SoakReport {
  result: SoakResult;
  tally: SoakTally;
  check: FinalCheck;
  runDir: string;
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const { say } = options;
  const next = rng(options.seed);
  const pick = (n: number) => Math.floor(next() * n);
  const between = (lo: number, hi: number) => lo + next() * (hi - lo);
  const tally = new SoakTally(options.warn);
  const pool = options.pool ?? new ChildPool({});
  fs.mkdirSync(options.cacheDir, { recursive: true });
  const runDir = fs.realpathSync(fs.mkdtempSync(path.join(options.cacheDir, 'run-')));
  const dataDir = path.join(runDir, 'data');
  const web = staticPage(path.join(runDir, 'web'));
  const watch = new CatalogWatch(path.join(dataDir, 'catalog.db'));
  try {
    say(`Library: ${options.folders} folders of ${options.perFolder} images (images cached in ${options.cacheDir})...`);
    const lib = await SoakLibrary.create(runDir, path.join(options.cacheDir, 'images'), options);
    const common = ['--data', dataDir, '--model', options.model];
    const indexArgs = ['index', lib.root, ...common, '--json'];

    say('Starting atelier serve...');
    const serve = await SoakServe.start(pool, common, web);
    const searches: SearchContext = { pool, common, serve, watch, tally };
    watch.start();

    const durationMs = options.minutes * 60_000;
    const t0 = performance.now();
    const deadline = t0 + durationMs;
    const running = () => performance.now() < deadline;
    const pause = (ms: number) =>
      new Promise((r) => setTimeout(r, Math.max(0, Math.min(ms, deadline - performance.now()))));
    const live = new Map<RunningCommand, number>();

    const judgeIndex = (what: string, r: Awaited<RunningCommand['done']>) => {
      if (r.killed) tally.killedIndexRuns++;
      else if (r.code === 0) {
        try {
          tally.embeddedByCompletedRuns += (JSON.parse(r.stdout) as { embedded: number }).embedded;
          tally.completedIndexRuns++;
        } catch {
          tally.error(`${what} printed no JSON summary: ${firstLine(r.stdout)}`);
        }
      } else tally.error(`${what} exited with ${r.code ?? r.signal}: ${firstLine(r.stderr)}`);
    };

    const indexer = async () => {
      while (running()) {
        const run = pool.command(indexArgs);
        live.set(run, performance.now());
        tally.operations++;
        const result = await run.done;
        live.delete(run);
        judgeIndex('atelier index', result);
      }
    };

    const killer = async () => {
      const [lo, hi] = options.killEverySeconds ?? [3, 8];
      while (running()) {
        await pause(between(lo, hi) * 1000);
        // One that has been running a while, so that it dies in the middle of its work.
        const ripe = [...live].filter(([, since]) => performance.now() - since > 4000).map(([run]) => run);
        if (!running() || ripe.length === 0) continue;
        ripe[pick(ripe.length)]!.kill();
        tally.operations++;
      }
    };

    const restartServe = async () => {
      await pause(durationMs / 2);
      if (!running()) return;
      await serve.restart();
      tally.serveRestarts++;
      tally.operations++;
    };

    const mutator = async () => {
      while (running()) {
        await pause(between(300, 1000));
        if (!running()) break;
        const r = next();
        if (r < 0.5) {
          await lib.add(pick);
          tally.mutations.added++;
        } else if (r < 0.75) {
          if (lib.rename(pick)) tally.mutations.renamed++;
        } else if (lib.remove(pick)) tally.mutations.deleted++;
        tally.operations++;
      }
    };

    const searcher = async (via: 'cli' | 'api') => {
      while (running()) {
        // Only folders whose probe the catalog holds: before that there is nothing to ask about.
        const ready = lib.probes.filter((p) => watch.committedBy(p.file, performance.now()));
        if (ready.length === 0) {
          await pause(250);
          continue;
        }
        await searchOnce(searches, via, ready[pick(ready.length)]!);
      }
    };

    say(
      `Soak: ${options.minutes} min, seed ${options.seed}; ${options.indexers} indexers, ` +
        `${options.cliSearchers} CLI and ${options.apiSearchers} API searchers, one serve restart...`,
    );
    const indexers = Array.from({ length: options.indexers }, indexer);
    const searchers = [
      ...Array.from({ length: options.cliSearchers }, () => searcher('cli')),
      ...Array.from({ length: options.apiSearchers }, () => searcher('api')),
    ];
    // Observed now, awaited below: a failure of one must not go unhandled while the others finish.
    for (const actor of [...indexers, ...searchers]) actor.catch(() => undefined);
    await Promise.all([killer(), mutator(), restartServe()]);

    say('Time is up: waiting for the runs in flight, then a final index...');
    const cap = setTimeout(() => [...live.keys()].forEach((run) => run.kill()), options.quietLimitMs ?? 180_000);
    await Promise.all([...indexers, ...searchers]);
    clearTimeout(cap);
    tally.operations++;
    judgeIndex('the final atelier index', await pool.command(indexArgs).done);

    // Everything is committed: after the grace period every search must see all of it.
    await watch.seenAfter(performance.now());
    await new Promise((r) => setTimeout(r, STALE_AFTER_MS + 200));
    say(`Searching each of the ${lib.probes.length} folders through serve, and one through the CLI...`);
    for (const probe of lib.probes) await searchOnce(searches, 'api', probe);
    await searchOnce(searches, 'cli', lib.probes[0]!);
    watch.stop();

    const check = finalCheck(dataDir, lib.onDisk());
    const distinct = lib.initialCount + tally.mutations.added;
    const repeatedWork = Math.max(0, tally.embeddedByCompletedRuns - distinct, check.recommitted);
    const all = [...tally.searchMs.cli, ...tally.searchMs.api];
    const result: SoakResult = {
      minutes: options.minutes,
      operations: tally.operations,
      errors: tally.errors,
      lost: check.lost.length,
      duplicates: repeatedWork + check.danglingCatalog.length + check.danglingStore.length,
      stale_searches: tally.staleSearches,
      p99_search_ms: Math.round(percentile(all, 0.99)),
    };
    return { result, tally, check, runDir };
  } finally {
    watch.stop();
    await pool.killAll();
    if (!options.keep) fs.rmSync(runDir, { recursive: true, force: true });
  }
}
