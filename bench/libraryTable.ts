/** bench:library's table: each measure beside its goal, and whether this run met it. */

export interface LibraryResult {
  files: number;
  find_s: number;
  noop_index_s: number;
  changed_index_s: number;
  peak_rss_mb: number;
  catalog_bytes_per_image: number;
  browse_first_p50_ms: number;
  browse_deep_p50_ms: number;
  search_p50_ms: number;
  watch_start_s: number;
  watch_rss_mb: number;
  new_file_searchable_s: number;
  start_to_searchable_s: number;
}

/** The 512-d f32 vector and its key in the embeddings table, which the size goal leaves out. */
const VECTOR_BYTES = 512 * 4;

export function printLibraryTable(
  r: LibraryResult,
  extra: { noopRssMb: number; deepPage: number },
  say: (line: string) => void,
): void {
  const rows: Array<[string, string, string, boolean | null]> = [
    ['find over the tree (baseline)', `${r.find_s} s`, '', null],
    [
      'index, nothing changed',
      `${r.noop_index_s} s`,
      `<= 2x find (${(2 * r.find_s).toFixed(2)} s)`,
      r.noop_index_s <= 2 * r.find_s,
    ],
    [
      'index, 1% touched + 1% added',
      `${r.changed_index_s} s`,
      `<= 2.5x find (${(2.5 * r.find_s).toFixed(2)} s)`,
      r.changed_index_s <= 2.5 * r.find_s,
    ],
    [
      'peak RSS of that run',
      `${r.peak_rss_mb} MB (no change: ${extra.noopRssMb} MB)`,
      '<= 1024 MB',
      r.peak_rss_mb <= 1024,
    ],
    [
      'catalog on disk per image',
      `${r.catalog_bytes_per_image} B`,
      `<= 1 KB + vector (${1024 + VECTOR_BYTES} B)`,
      r.catalog_bytes_per_image <= 1024 + VECTOR_BYTES,
    ],
    ['browse, first page by date, p50', `${r.browse_first_p50_ms} ms`, '<= 20 ms', r.browse_first_p50_ms <= 20],
    [`browse, page ${extra.deepPage}, p50`, `${r.browse_deep_p50_ms} ms`, '<= 50 ms', r.browse_deep_p50_ms <= 50],
    ['text search end to end, p50', `${r.search_p50_ms} ms`, '<= 30 ms', r.search_p50_ms <= 30],
    ['watch: start-up', `${r.watch_start_s} s, ${r.watch_rss_mb} MB`, '', null],
    ['watch: a new file searchable', `${r.new_file_searchable_s} s`, '<= 5 s', r.new_file_searchable_s <= 5],
    ['app start to first search answered', `${r.start_to_searchable_s} s`, '<= 2 s', r.start_to_searchable_s <= 2],
  ];
  say(`\nbench:library, ${r.files} images`);
  const w = [0, 1, 2].map((c) => Math.max(...rows.map((row) => row[c]!.toString().length)));
  for (const [what, value, goal, met] of rows) {
    const verdict = met === null ? '' : met ? 'met' : 'MISSED';
    say(`  ${what.padEnd(w[0]!)}  ${value.padEnd(w[1]!)}  ${goal.padEnd(w[2]!)}  ${verdict}`);
  }
}
