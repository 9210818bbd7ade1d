/** The human-readable lines of a soak run, printed before its JSON object. */
import type { SoakReport } from './soakRun';
import { percentile } from './soakTally';

export function summaryLines({ result, tally, check }: SoakReport): string[] {
  const ms = (v: number[]) => `p50 ${Math.round(percentile(v, 0.5))} ms, p99 ${Math.round(percentile(v, 0.99))} ms`;
  const { added, renamed, deleted } = tally.mutations;
  return [
    `Operations: ${result.operations} (index runs: ${tally.completedIndexRuns} completed, ${tally.killedIndexRuns} killed; ` +
      `serve restarts: ${tally.serveRestarts}; files added ${added}, renamed ${renamed}, deleted ${deleted})`,
    `Searches: ${tally.searchMs.cli.length} CLI (${ms(tally.searchMs.cli)}), ` +
      `${tally.searchMs.api.length} API (${ms(tally.searchMs.api)})`,
    `Errors: ${result.errors}${tally.errorMessages.length ? ` (first: ${tally.errorMessages[0]})` : ''}`,
    `Lost: ${result.lost} files on disk missing from the catalog or the store` +
      (check.lost.length ? ` (e.g. ${check.lost[0]})` : '') +
      (check.storeFound ? '' : ' (no embedded store found)'),
    `Duplicates: ${result.duplicates} (embedded by completed runs: ${tally.embeddedByCompletedRuns}; ` +
      `paths committed more than once: ${check.recommitted}; catalog entries of vanished paths: ` +
      `${check.danglingCatalog.length}; store entries of vanished paths: ${check.danglingStore.length})`,
    `Stale searches: ${result.stale_searches}${tally.staleMessages.length ? ` (first: ${tally.staleMessages[0]})` : ''}`,
    `Index jobs the catalog still calls running or interrupted: ${check.unfinishedJobs}`,
  ];
}
