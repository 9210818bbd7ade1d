/** The `search` service: queries by text, example and colour, similar images, palettes, and images dropped into the search box. */
import type { AtelierHandlers } from '../../../shared/contract';
import { PaletteRecords } from '../catalog/paletteRecords';
import { checkAllowedImage } from '../queryImages/allowedImages';
import { colorOnlySearch } from '../search/colorOnly';
import { isColorOnly } from '../search/colorSearch';
import { DEFAULT_LIMIT } from '../search/searchService';
import type { HandlerDeps } from './handlerDeps';

export function searchHandlers(deps: HandlerDeps): AtelierHandlers['search'] {
  const { thumbnails, uploads, search, catalog, organize, activeModel } = deps;
  // The API reads only images the library, the search box or generation put there; the CLI is not limited.
  // An upload read is marked used, which keeps it from being pruned. Uploads are indexed, but an
  // upload searched by is never among its own results: the image dropped is not what was looked for.
  const allowedExample = async (file: string) =>
    uploads.used(await checkAllowedImage(file, thumbnails.roots(), 'search by'));
  return {
    query: async (query) => {
      // Colours alone need no model: answered without starting the encoder.
      if (isColorOnly(query)) return colorOnlySearch({ catalog, organize }, query, (await activeModel())?.id ?? '');
      const images = await Promise.all((query.images ?? []).map(allowedExample));
      const own = uploads.ownUploads(images);
      if (!own) return (await search()).search({ ...query, images });
      // Asked for as many more as there are uploads among the examples, which are left out.
      const limit = query.limit ?? DEFAULT_LIMIT;
      const found = await (await search()).search({ ...query, images, limit: limit + images.length });
      return { ...found, results: found.results.filter((hit) => !own(hit.path)).slice(0, limit) };
    },
    similar: async ({ path: file, limit = DEFAULT_LIMIT, filters, time }) => {
      const example = await allowedExample(file);
      const own = uploads.ownUploads([example]);
      if (!own) return (await search()).similar(example, limit, filters, time);
      const found = await (await search()).similar(example, limit + 1, filters, time);
      return { ...found, results: found.results.filter((hit) => !own(hit.path)).slice(0, limit) };
    },
    palette: ({ path: file }) => new PaletteRecords(catalog.db).ofPath(file),
    uploadImage: ({ name, base64 }) => uploads.store(name, base64),
  };
}
