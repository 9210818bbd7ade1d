/** `atelier browse`: the library, or one folder of it, in pages, without a query. */
import path from 'node:path';
import type { Atelier } from '../../main/core/app';
import { BROWSE_SORTS, type BrowsePage, type BrowseSort } from '../../shared/browse';
import type { BrowseInput } from '../../shared/contract';
import type { OrganizeFilter } from '../../shared/organize';
import { UsageError } from '../errors';
import { printJson, printLine } from '../output';

export interface BrowseOptions {
  rest: string[];
  folders: string[];
  sort: string | undefined;
  asc: boolean;
  desc: boolean;
  limit: number;
  offset: string | undefined;
  seed: string | undefined;
  /** Tags, rating, collection, untagged. */
  organize: OrganizeFilter;
}

/** The most images one page may hold, as the API takes it. */
const MAX_PAGE = 10_000;

function wholeNumber(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 2_147_483_647) {
    throw new UsageError(`--${flag} must be a whole number from 0, not "${raw}"`);
  }
  return n;
}

/** Checks the command line before the core opens: a usage mistake changes nothing. */
export function browseRequest(options: BrowseOptions): BrowseInput {
  const { rest, folders, sort, asc, desc, limit } = options;
  if (rest.length > 0) throw new UsageError(`browse takes no arguments; a folder is given with --folder DIR`);
  if (folders.length > 1) throw new UsageError('browse takes one --folder');
  if (sort !== undefined && !(BROWSE_SORTS as readonly string[]).includes(sort)) {
    throw new UsageError(`--sort must be one of ${BROWSE_SORTS.join(', ')}, not "${sort}"`);
  }
  if (asc && desc) throw new UsageError('--asc and --desc exclude each other');
  if (limit > MAX_PAGE) throw new UsageError(`--limit can be at most ${MAX_PAGE} for browse`);
  const offset = wholeNumber('offset', options.offset);
  const seed = wholeNumber('seed', options.seed);
  return {
    ...(folders[0] !== undefined ? { folder: path.resolve(folders[0]) } : {}),
    ...(sort !== undefined ? { sort: sort as BrowseSort } : {}),
    ...(asc || desc ? { order: asc ? 'asc' : 'desc' } : {}),
    ...(offset !== undefined ? { offset } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...options.organize,
    limit,
  };
}

function printPage(page: BrowsePage, offset: number, filtered: boolean): void {
  if (page.total === 0) {
    printLine(
      filtered ? 'No images match these filters.' : 'No images here. Add a folder with: atelier index <folder>',
    );
    return;
  }
  const shown = page.results.length;
  printLine(
    shown === 0
      ? `No images past ${offset} of ${page.total}.`
      : `Images ${offset + 1}–${offset + shown} of ${page.total}:`,
  );
  for (const r of page.results) {
    const date = new Date(r.addedMs).toISOString().slice(0, 10);
    const size = `${Math.max(1, Math.round(r.bytes / 1024))} KB`;
    const stacked = r.stack ? `  (+${r.stack.count} stacked)` : '';
    printLine(`${`${r.width}x${r.height}`.padEnd(11)}  ${size.padStart(9)}  ${date}  ${r.path}${stacked}`);
  }
}

export async function browseCommand(atelier: Atelier, request: BrowseInput, json: boolean): Promise<void> {
  const page = await atelier.handlers.library.browse(request);
  if (json) printJson(page);
  else {
    const filtered = Boolean(request.tags?.length || request.minRating || request.collection || request.untagged);
    printPage(page, request.offset ?? 0, filtered);
  }
}
