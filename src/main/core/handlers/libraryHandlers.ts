/** The `library` service: folders, indexing jobs, watching, and what the indexer skipped. */
import type { AtelierHandlers } from '../../../shared/contract';
import { browseHandlers } from './browseHandlers';
import type { HandlerDeps } from './handlerDeps';

export function libraryHandlers(deps: HandlerDeps): AtelierHandlers['library'] {
  const { host, catalog, library, watches, stores, encoder, activeModel, switcher, models } = deps;
  return {
    ...browseHandlers(deps),
    status: async () => {
      const model = await activeModel();
      const status = library.status(
        model?.id ?? null,
        model ? await (await encoder()).ready() : null,
        model ? models.languages(model) : [],
      );
      const pending = switcher.view();
      if (!pending) return status;
      const { done, total, paused } = pending;
      return { ...status, pendingModel: pending.model, reindex: { done, total, paused } };
    },
    index: ({ folders }) => library.start(folders),
    cancel: ({ jobId }) => ({ cancelled: library.cancel(jobId) }),
    watch: ({ path: folder, watch }) => watches.set(folder, watch),
    removeFolder: ({ path: folder }) => {
      watches.forget(folder);
      const removed = library.removeFolder(folder);
      stores.changed();
      return { removed };
    },
    skipped: ({ folder, limit = 500 }) => {
      const root = catalog.root(folder);
      return root
        ? catalog
            .skippedUnder(root.id)
            .slice(0, limit)
            .map(({ path: p, reason }) => ({ path: p, reason }))
        : [];
    },
    pickFolder: async () => {
      if (!host.pickFolder) throw new Error('This window cannot open a folder picker: type the folder’s path.');
      return { path: await host.pickFolder() };
    },
  };
}
