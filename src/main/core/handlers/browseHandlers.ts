/** The `library` service's browsing: pages of the library and its folder tree. */
import type { AtelierHandlers } from '../../../shared/contract';
import { isOrganizing } from '../organize/organizeFilter';
import type { HandlerDeps } from './handlerDeps';

export function browseHandlers({
  browse,
  organize,
}: HandlerDeps): Pick<AtelierHandlers['library'], 'browse' | 'folders'> {
  return {
    browse: ({ tags, minRating, collection, untagged, ...request }) => {
      const filter = {
        ...(tags ? { tags } : {}),
        ...(minRating !== undefined ? { minRating } : {}),
        ...(collection !== undefined ? { collection } : {}),
        ...(untagged !== undefined ? { untagged } : {}),
      };
      // Checked by the organizer: a collection that does not exist is refused, not an empty page.
      return browse.page({ ...request, ...(isOrganizing(filter) ? { condition: organize.condition(filter) } : {}) });
    },
    folders: () => browse.folders(),
  };
}
