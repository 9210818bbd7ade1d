/**
 * The human side of `bench:search`: one row per case, the speed-up of each
 * index over brute force in the same run, and the targets for the
 * embedded store met or missed.
 */
import type { BuildResult, CaseResult, SearchResult } from './measureCase';

/** Everything one case measured. */
export type Row = CaseResult & BuildResult & SearchResult;

/** Issue 3's targets for the embedded store on the 2-core reference machine. */
const targets = [
  { n: 100_000, p50: 2 },
  { n: 1_000_000, p50: 5 },
];

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
}

export function printTable(rows: Row[], skipped: string[], say: (line: string) => void): void {
  const head = [
    'backend',
    'n',
    'p50 ms',
    'p99 ms',
    'recall@10',
    'build s',
    'peak RSS MB',
    'RSS build/search',
    'brute ms',
    'brute/p50',
    'reopen s',
  ];
  const body = rows.map((r) => [
    r.backend,
    String(r.n),
    r.p50_ms.toFixed(3),
    r.p99_ms.toFixed(3),
    r.recall_at_10.toFixed(4),
    r.build_s.toFixed(1),
    String(r.peak_rss_mb),
    `${r.build_rss_mb}/${r.search_rss_mb}`,
    r.brute_ms.toFixed(2),
    `${(r.brute_ms / r.p50_ms).toFixed(1)}x`,
    r.reopen_s.toFixed(2),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  say('');
  say(pad(head, widths));
  for (const b of body) say(pad(b, widths));
  say('');
  say('brute ms: exact search over the same f32 vectors with no index (usearch SIMD, one thread), per query.');
  for (const r of rows) say(`${r.backend} n=${r.n}: ${JSON.stringify(r.stats)}`);
  for (const line of skipped) say(line);

  const embedded = rows.filter((r) => r.backend === 'embedded');
  if (embedded.length)
    say('\nTargets (embedded): p50 <= 2 ms at 100k, <= 5 ms at 1M; recall@10 >= 0.98; peak <= 1.5 GB at 1M');
  for (const r of embedded) {
    const t = targets.find((x) => x.n === r.n);
    const checks = [`recall ${r.recall_at_10 >= 0.98 ? 'met' : 'MISSED'}`];
    if (t) checks.unshift(`p50 ${r.p50_ms <= t.p50 ? 'met' : 'MISSED'} (${r.p50_ms} ms)`);
    if (r.n === 1_000_000) checks.push(`memory ${r.peak_rss_mb <= 1536 ? 'met' : 'MISSED'} (${r.peak_rss_mb} MB)`);
    say(`  n=${r.n}: ${checks.join(', ')}`);
  }
}
