/**
 * Whether one search was stale. A search by a folder's probe image, filtered
 * to that folder, must return every file of the folder that the catalog held
 * from 2 s before the search started to its end, must return no file the
 * catalog had dropped 2 s before it started, and must put the probe itself
 * first with a score of 1 (no other image has its colours).
 */
import path from 'node:path';
import type { CatalogWatch } from './soakCatalogWatch';

/** How old a commit or a removal must be for a search to have to see it. */
export const STALE_AFTER_MS = 2000;

export interface SearchHitLike {
  path: string;
  score: number;
}

export interface SearchRecord {
  via: 'cli' | 'api';
  folder: string;
  probe: string;
  started: number;
  ended: number;
  results: SearchHitLike[];
}

/** Why a search was stale, or null when it was not. */
export function staleness(watch: CatalogWatch, s: SearchRecord): string | null {
  const since = s.started - STALE_AFTER_MS;
  const prefix = s.folder + path.sep;
  const returned = new Set(s.results.map((r) => r.path));
  const missing = watch.heldThroughout(prefix, since, s.ended).filter((p) => !returned.has(p));
  const ghosts = s.results.filter((r) => watch.goneBy(r.path, since)).map((r) => r.path);
  const problems: string[] = [];
  if (missing.length) problems.push(`missed ${missing.length} committed file(s), e.g. ${missing[0]}`);
  if (ghosts.length) problems.push(`returned ${ghosts.length} removed file(s), e.g. ${ghosts[0]}`);
  if (watch.committedBy(s.probe, since)) {
    const first = s.results[0];
    if (first?.path !== s.probe || Math.abs(first.score - 1) > 1e-3) {
      problems.push(
        `the probe did not come first with score 1 (first: ${first ? `${first.path} ${first.score}` : 'none'})`,
      );
    }
  }
  return problems.length ? `${s.via} search in ${s.folder}: ${problems.join('; ')}` : null;
}
