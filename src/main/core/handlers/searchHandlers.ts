/** The `search` service: queries by text and example, similar images, and images dropped into the search box. */
import type { AtelierHandlers } from '../../../shared/contract';
import { checkAllowedImage } from '../queryImages/allowedImages';
import type { HandlerDeps } from './handlerDeps';

export function searchHandlers({ thumbnails, uploads, search }: HandlerDeps): AtelierHandlers['search'] {
  // The API reads only images the library, the search box or generation put there; the CLI is not limited.
  // An upload read is marked used, which keeps it from being pruned.
  const allowedExample = async (file: string) =>
    uploads.used(await checkAllowedImage(file, thumbnails.roots(), 'search by'));
  return {
    query: async (query) => {
      const images = await Promise.all((query.images ?? []).map(allowedExample));
      return (await search()).search({ ...query, images });
    },
    similar: async ({ path: file, limit }) => (await search()).similar(await allowedExample(file), limit),
    uploadImage: ({ name, base64 }) => uploads.store(name, base64),
  };
}
