/** The `models` service: the CLIP models installed and downloadable, switching between them, and the execution provider in use. */
import type { AtelierHandlers } from '../../../shared/contract';
import { modelStatuses, removeVectors } from '../models/modelVectorsView';
import type { HandlerDeps } from './handlerDeps';

export function modelsHandlers(deps: HandlerDeps): AtelierHandlers['models'] {
  const { models, encoder, activeModel, switcher, catalog, config, vectors } = deps;
  const inUse = async () => ({ active: (await activeModel())?.id ?? null, pending: switcher.choice.read().pending });
  return {
    list: async () => modelStatuses(await models.list(), config.dataDir, catalog, await inUse()),
    download: ({ id }) => models.startDownload(id),
    import: ({ path: folder }) => models.import(folder),
    provider: async () => ((await activeModel()) ? (await encoder()).ready() : null),
    use: ({ id }) => switcher.use(id),
    switchStatus: () => switcher.view(),
    pauseSwitch: () => switcher.pause(),
    resumeSwitch: () => switcher.resume(),
    cancelSwitch: async () => ({ cancelled: await switcher.cancel() }),
    removeVectors: async ({ id }) => {
      const listed = (await models.list()).find((m) => m.id === id);
      return { removed: await removeVectors(id, listed, catalog, vectors, await inUse()) };
    },
  };
}
