/** What a soak run counts while it runs: operations, failures, search latencies, stale searches. */

/** The result `bench:soak` prints, and what the soak test asserts on. */
export interface SoakResult {
  minutes: number;
  operations: number;
  errors: number;
  lost: number;
  duplicates: number;
  stale_searches: number;
  p99_search_ms: number;
}

const KEEP_MESSAGES = 5;

export class SoakTally {
  operations = 0;
  errors = 0;
  readonly errorMessages: string[] = [];
  staleSearches = 0;
  readonly staleMessages: string[] = [];
  readonly searchMs: { cli: number[]; api: number[] } = { cli: [], api: [] };
  /** `embedded` summed over the index runs that ran to their end. */
  embeddedByCompletedRuns = 0;
  completedIndexRuns = 0;
  killedIndexRuns = 0;
  serveRestarts = 0;
  mutations = { added: 0, renamed: 0, deleted: 0 };

  constructor(private readonly warn: (line: string) => void) {}

  error(message: string): void {
    this.errors++;
    if (this.errorMessages.length < KEEP_MESSAGES) {
      this.errorMessages.push(message);
      this.warn(`error: ${message}`);
    }
  }

  stale(message: string): void {
    this.staleSearches++;
    if (this.staleMessages.length < KEEP_MESSAGES) {
      this.staleMessages.push(message);
      this.warn(`stale: ${message}`);
    }
  }

  searched(via: 'cli' | 'api', ms: number): void {
    this.searchMs[via].push(ms);
  }
}

/** The p-th percentile (0-1) of `values`, 0 for none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

/**
 * The first line of a process's error output, and with ATELIER_DEBUG's stack the first frame in
 * Atelier's sources, so that "database is locked" says which database.
 */
export function firstLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim());
  const first = lines.find(Boolean) ?? '(no message)';
  const frame = lines.map((l) => /(\/src\/[^\s()]+)/.exec(l)?.[1]).find(Boolean);
  return frame ? `${first} (at ${frame.replace(/^.*?\/src\//, 'src/')})` : first;
}
