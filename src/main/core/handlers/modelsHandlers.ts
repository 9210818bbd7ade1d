/** The `models` service: the CLIP models installed and downloadable, and the execution provider in use. */
import type { AtelierHandlers } from '../../../shared/contract';
import type { HandlerDeps } from './handlerDeps';

export function modelsHandlers({ models, encoder, activeModel }: HandlerDeps): AtelierHandlers['models'] {
  return {
    list: () => models.list(),
    download: ({ id }) => models.startDownload(id),
    import: ({ path: folder }) => models.import(folder),
    provider: async () => ((await activeModel()) ? (await encoder()).ready() : null),
  };
}
