import path from 'node:path';
import type { Atelier } from '../../main/core/app';
import { colorOnlySearch } from '../../main/core/search/colorOnly';
import type { SearchMode } from '../../shared/contract';
import type { OrganizeFilter } from '../../shared/organize';
import { UsageError } from '../errors';
import { printResults } from '../output';
import type { ColorFilter } from './colorFlags';

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
  colors: ColorFilter;
  /** The text's language tag, for models that read it. */
  language: string | undefined;
  json: boolean;
}

export async function searchCommand(atelier: Atelier, options: SearchOptions): Promise<void> {
  const text = options.text.join(' ').trim();
  const colorOnly = Boolean(options.colors.colors) && !text && options.images.length === 0;
  if (!text && options.images.length === 0 && !colorOnly) {
    throw new UsageError(
      'search needs a text, an --image, a --color, or some of them: atelier search "<text>" [--image PATH] [--color HEX]',
    );
  }
  const query = {
    ...(text ? { text } : {}),
    images: options.images.map((p) => path.resolve(p)),
    negatives: options.negatives,
    limit: options.limit,
    mode: options.mode,
    ...(options.language !== undefined ? { language: options.language } : {}),
    filters: {
      folders: options.folders.map((f) => path.resolve(f)),
      formats: options.formats,
      ...options.organize,
      ...options.colors,
    },
  };
  // Colours alone need no model: the encoder is not started for them.
  const results = colorOnly
    ? colorOnlySearch(atelier, query, (await atelier.activeModel())?.id ?? '')
    : await (await atelier.search()).search(query);
  printResults(results, options.json);
}

export interface SimilarOptions {
  limit: number;
  folders: string[];
  formats: string[];
  colors: ColorFilter;
  json: boolean;
  /** A video's frame nearest this time (seconds) as the example; else all its frames. */
  time?: number | undefined;
}

export async function similarCommand(atelier: Atelier, image: string | undefined, options: SimilarOptions) {
  if (!image) throw new UsageError('similar needs an image: atelier similar <image>');
  const search = await atelier.search();
  const filters = {
    folders: options.folders.map((f) => path.resolve(f)),
    formats: options.formats,
    ...options.colors,
  };
  printResults(await search.similar(path.resolve(image), options.limit, filters, options.time), options.json);
}
