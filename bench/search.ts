/**
 * `npm run bench:search -- [--json] [--sizes 100000,1000000] [--backends embedded,milvus] [--queries 300] [--keep]
 *   [--hybrid 100000]`
 *
 * Search latency (p50, p99, k = 10), recall@10 against brute force, build
 * time and peak memory of each vector store at each size, on clustered
 * synthetic 512-d unit vectors from a fixed seed (bench/dataset.ts). Each
 * size and backend runs in child processes of its own (see measureCase.ts),
 * so one case's memory does not count in the next. Prints a table and each
 * index's speed-up over brute force measured in the same run; with --json, one JSON line per case
 * on stdout (the table then goes to stderr). --keep leaves each case's store
 * folder in place (for a closer look) instead of deleting it.
 *
 * Then the hybrid case (bench/hybridCase.ts): a text query against the store
 * and the catalog's text index at once, fused, at --hybrid images with text
 * (default 100,000; 0 skips it).
 */
import { parseArgs } from 'node:util';
import { backends } from './backends';
import { printChildResult, runChild } from './childCase';
import { hybridCase, type HybridResult } from './hybridCase';
import { buildCase, type BuildResult, searchCase, type SearchResult } from './measureCase';
import { printTable, type Row } from './searchTable';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    sizes: { type: 'string', default: '100000,1000000' },
    backends: { type: 'string', default: 'embedded,milvus' },
    queries: { type: 'string', default: '300' },
    keep: { type: 'boolean', default: false },
    hybrid: { type: 'string', default: '100000' },
    // Internal: what a child process runs.
    child: { type: 'string' },
    n: { type: 'string' },
    backend: { type: 'string' },
    dir: { type: 'string' },
  },
});

const queryCount = Number(values.queries);

/** Both halves of one case, each in its own process. */
/** The options every child of this benchmark needs. */
function childArgs(args: string[]): string[] {
  return [...args, '--queries', String(queryCount), ...(values.keep ? ['--keep'] : [])];
}

async function runCase(n: number, backend: string): Promise<Row> {
  const built = await runChild<BuildResult>(childArgs(['--child', 'build', '--n', String(n), '--backend', backend]));
  const searched = await runChild<SearchResult>(
    childArgs(['--child', 'search', '--n', String(n), '--backend', backend, '--dir', built.dir]),
  );
  const peak = Math.max(built.build_rss_mb, searched.search_rss_mb);
  return { n, backend, ...built, ...searched, peak_rss_mb: peak };
}

async function child(kind: string): Promise<unknown> {
  const [n, backend] = [Number(values.n), values.backend!];
  if (kind === 'hybrid') return hybridCase(n, queryCount, values.keep);
  return kind === 'build' ? buildCase(n, backend) : searchCase(n, backend, values.dir!, queryCount, values.keep);
}

async function main(): Promise<void> {
  if (values.child) {
    printChildResult(await child(values.child));
    return;
  }
  const sizes = values.sizes.split(',').map(Number);
  const names = values.backends.split(',').filter(Boolean);
  const say = (line: string) => (values.json ? process.stderr : process.stdout).write(`${line}\n`);
  const results: Row[] = [];
  const skipped: string[] = [];
  for (const name of names) {
    const backend = backends[name];
    const why = backend ? backend.unavailable() : `unknown backend (known: ${Object.keys(backends).join(', ')})`;
    if (why) skipped.push(`${name}: not measured: ${why}`);
  }
  for (const n of sizes) {
    for (const name of names) {
      if (!backends[name] || backends[name].unavailable()) continue;
      say(`Measuring ${name} at n=${n}...`);
      const result = await runCase(n, name).catch((err: Error) => {
        skipped.push(`${name} at n=${n}: failed: ${err.message}`);
        return null;
      });
      if (!result) continue;
      results.push(result);
      if (values.json) {
        const { n: size, backend, p50_ms, p99_ms, recall_at_10, build_s, peak_rss_mb } = result;
        process.stdout.write(
          `${JSON.stringify({ n: size, backend, p50_ms, p99_ms, recall_at_10, build_s, peak_rss_mb })}\n`,
        );
      }
    }
  }
  printTable(results, skipped, say);
  const hybridN = Number(values.hybrid);
  if (hybridN > 0) {
    say(`Measuring hybrid search (embedded store + text index) at n=${hybridN}...`);
    const h = await runChild<HybridResult>(childArgs(['--child', 'hybrid', '--n', String(hybridN)]));
    if (values.json) process.stdout.write(`${JSON.stringify(h)}\n`);
    say(
      `\nhybrid n=${h.n}: p50 ${h.p50_ms} ms, p99 ${h.p99_ms} ms (k = 20 of 50 + 50 fused), build ${h.build_s} s, catalog ${h.catalog_mb} MB`,
    );
    say(`  p50 by query: ${JSON.stringify(h.by_kind)}`);
    say(`  p50 of each side alone: vectors (top 50) ${h.vector_p50_ms} ms, text index (top 50) ${h.text_p50_ms} ms`);
    say(`  Target (embedded): hybrid p50 <= 10 ms at 100k: ${h.p50_ms <= 10 ? 'met' : 'MISSED'} (${h.p50_ms} ms)`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
