import path from 'node:path';
import type { Atelier } from '../../main/core/app';
import type { SearchMode } from '../../shared/contract';
import type { OrganizeFilter } from '../../shared/organize';
import { UsageError } from '../errors';
import { printResults } from '../output';

export interface SearchOptions {
  text: string[];
  images: string[];
  negatives: string[];
  limit: number;
  mode: SearchMode;
  folders: string[];
  formats: string[];
  /** Tags, rating, collection, untagged. */
  organize: OrganizeFilter;
  json: boolean;
}

export async function searchCommand(atelier: Atelier, options: SearchOptions): Promise<void> {
  const text = options.text.join(' ').trim();
  if (!text && options.images.length === 0) {
    throw new UsageError('search needs a text, an --image, or both: atelier search "<text>" [--image PATH]');
  }
  const search = await atelier.search();
  const results = await search.search({
    ...(text ? { text } : {}),
    images: options.images.map((p) => path.resolve(p)),
    negatives: options.negatives,
    limit: options.limit,
    mode: options.mode,
    filters: {
      folders: options.folders.map((f) => path.resolve(f)),
      formats: options.formats,
      ...options.organize,
    },
  });
  printResults(results, options.json);
}

export async function similarCommand(atelier: Atelier, image: string | undefined, limit: number, json: boolean) {
  if (!image) throw new UsageError('similar needs an image: atelier similar <image>');
  const search = await atelier.search();
  printResults(await search.similar(path.resolve(image), limit), json);
}
