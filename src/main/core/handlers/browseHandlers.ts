/** The `library` service's browsing: pages of the library and its folder tree. */
import type { AtelierHandlers } from '../../../shared/contract';
import type { HandlerDeps } from './handlerDeps';

export function browseHandlers({ browse }: HandlerDeps): Pick<AtelierHandlers['library'], 'browse' | 'folders'> {
  return {
    browse: (request) => browse.page(request),
    folders: () => browse.folders(),
  };
}
