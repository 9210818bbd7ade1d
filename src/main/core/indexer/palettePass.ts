/**
 * Makes the palettes the library lacks: for content indexed since the last
 * pass and, the first time, for everything indexed before palettes existed.
 * One transaction per batch, so a pass cut off keeps what it made and the next
 * one starts from what is still missing. An image that cannot be read gets an
 * empty palette with the reason, and is not tried again until its bytes change.
 */
import type { Catalog } from '../catalog/catalog';
import { idChunks } from '../catalog/idChunks';
import { PaletteRecords, type PaletteRow, type PaletteTask } from '../catalog/paletteRecords';
import { PALETTE_VERSION, paletteOf } from '../colors/palette';
import { palettePixels } from './palettePixels';

export interface PalettePassOptions {
  signal?: AbortSignal;
  /** Images per transaction (default 32). */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  /** Look only at these files (written since the pass last finished), not the whole library. */
  only?: number[];
  /** The content keys files stopped holding since then: orphan palettes are looked for among them alone. */
  lost?: string[];
}

export interface PalettePassSummary {
  made: number;
  failed: number;
}

/** Images read at once: sharp has its own threads, and indexing may be running beside this. */
const CONCURRENT_READS = 2;

async function paletteRow(task: PaletteTask): Promise<PaletteRow> {
  try {
    return { contentKey: task.contentKey, colors: paletteOf(await palettePixels(task.path)) };
  } catch (err) {
    return { contentKey: task.contentKey, colors: [], error: err instanceof Error ? err.message : String(err) };
  }
}

async function rowsOf(tasks: PaletteTask[]): Promise<PaletteRow[]> {
  const rows: PaletteRow[] = new Array<PaletteRow>(tasks.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < tasks.length; i = next++) rows[i] = await paletteRow(tasks[i]!);
  };
  await Promise.all(Array.from({ length: CONCURRENT_READS }, worker));
  return rows;
}

export async function fillPalettes(catalog: Catalog, options: PalettePassOptions = {}): Promise<PalettePassSummary> {
  const records = new PaletteRecords(catalog.db);
  const summary: PalettePassSummary = { made: 0, failed: 0 };
  const batchSize = Math.max(1, options.batchSize ?? 32);
  // Counted only when there is work: most passes (after a watched file changed, say) find none.
  let counts: { total: number; done: number } | null = null;
  for (const among of options.only ? idChunks(options.only) : [undefined]) {
    while (!options.signal?.aborted) {
      const tasks = records.missing(PALETTE_VERSION, batchSize, among);
      if (tasks.length === 0) break;
      // Counting the whole library would cost more than a few new files' palettes.
      counts ??= options.only ? { done: 0, total: options.only.length } : records.counts(PALETTE_VERSION);
      const rows = await rowsOf(tasks);
      catalog.transaction(() => records.put(PALETTE_VERSION, rows));
      for (const row of rows) summary[row.error === undefined ? 'made' : 'failed']++;
      options.onProgress?.(Math.min(counts.total, counts.done + summary.made + summary.failed), counts.total);
    }
  }
  if (!options.signal?.aborted) catalog.transaction(() => records.deleteOrphans(options.lost));
  return summary;
}
