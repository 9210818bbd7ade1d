/** The `search` service: queries by text, example and colour, similar images, palettes, and images dropped into the search box. */
import type { AtelierHandlers } from '../../../shared/contract';
import { PaletteRecords } from '../catalog/paletteRecords';
import { checkAllowedImage } from '../queryImages/allowedImages';
import { colorOnlySearch } from '../search/colorOnly';
import { isColorOnly } from '../search/colorSearch';
import type { HandlerDeps } from './handlerDeps';

export function searchHandlers(deps: HandlerDeps): AtelierHandlers['search'] {
  const { thumbnails, uploads, search, catalog, organize, activeModel } = deps;
  // The API reads only images the library, the search box or generation put there; the CLI is not limited.
  // An upload read is marked used, which keeps it from being pruned.
  const allowedExample = async (file: string) =>
    uploads.used(await checkAllowedImage(file, thumbnails.roots(), 'search by'));
  return {
    query: async (query) => {
      // Colours alone need no model: answered without starting the encoder.
      if (isColorOnly(query)) return colorOnlySearch({ catalog, organize }, query, (await activeModel())?.id ?? '');
      const images = await Promise.all((query.images ?? []).map(allowedExample));
      return (await search()).search({ ...query, images });
    },
    similar: async ({ path: file, limit, filters, time }) =>
      (await search()).similar(await allowedExample(file), limit, filters, time),
    palette: ({ path: file }) => new PaletteRecords(catalog.db).ofPath(file),
    uploadImage: ({ name, base64 }) => uploads.store(name, base64),
  };
}
