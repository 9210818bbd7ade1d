/**
 * One soak search, through the CLI (`atelier search --image --folder --json`)
 * or through serve's API (`search.query` with `filters.folders`): a folder's
 * probe image as the example, timed, then judged against what the catalog
 * held (soakJudge.ts).
 */
import type { SearchResults } from '../src/shared/types';
import type { CatalogWatch } from './soakCatalogWatch';
import type { ChildPool } from './soakChildren';
import { type SearchHitLike, staleness } from './soakJudge';
import type { Probe } from './soakLibrary';
import type { SoakServe } from './soakServe';
import { firstLine, type SoakTally } from './soakTally';

/** Above any folder's size: a search returns every file of its folder. */
const SEARCH_LIMIT = 1000;

export interface SearchContext {
  pool: ChildPool;
  /** --data and --model. */
  common: string[];
  serve: SoakServe;
  watch: CatalogWatch;
  tally: SoakTally;
}

async function cliSearch(ctx: SearchContext, probe: Probe): Promise<SearchHitLike[] | null> {
  const args = ['search', '--image', probe.file, '--folder', probe.folder, '--limit', String(SEARCH_LIMIT)];
  const r = await ctx.pool.command([...args, ...ctx.common, '--json']).done;
  if (r.code !== 0) {
    ctx.tally.error(`atelier search exited with ${r.code ?? r.signal}: ${firstLine(r.stderr)}`);
    return null;
  }
  try {
    return (JSON.parse(r.stdout) as SearchResults).results;
  } catch {
    ctx.tally.error(`atelier search --json printed no JSON: ${firstLine(r.stdout)}`);
    return null;
  }
}

async function apiSearch(ctx: SearchContext, probe: Probe): Promise<SearchHitLike[] | null> {
  const server = await ctx.serve.current();
  const body = { images: [probe.file], filters: { folders: [probe.folder] }, limit: SEARCH_LIMIT };
  let response: Response;
  try {
    response = await fetch(`${server.origin}/api/search.query`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` },
      body: JSON.stringify(body),
    });
  } catch (err) {
    if (!ctx.serve.killedUnder(server)) ctx.tally.error(`POST search.query failed: ${(err as Error).message}`);
    return null;
  }
  const reply = (await response.json().catch(() => null)) as
    { ok: true; value: SearchResults } | { ok: false; message: string } | null;
  if (response.status !== 200 || !reply?.ok) {
    ctx.tally.error(`POST search.query answered ${response.status}: ${reply && !reply.ok ? reply.message : '?'}`);
    return null;
  }
  return reply.value.results;
}

/** Searches `probe`'s folder by its probe image, and counts the search as stale if it was. */
export async function searchOnce(ctx: SearchContext, via: 'cli' | 'api', probe: Probe): Promise<void> {
  const started = performance.now();
  const results = await (via === 'cli' ? cliSearch(ctx, probe) : apiSearch(ctx, probe));
  const ended = performance.now();
  ctx.tally.operations++;
  if (!results) return;
  ctx.tally.searched(via, ended - started);
  await ctx.watch.seenAfter(ended);
  const why = staleness(ctx.watch, { via, folder: probe.folder, probe: probe.file, started, ended, results });
  if (why) ctx.tally.stale(why);
}
