/** The `organize` service: tags, ratings, notes and collections of the library's images. */
import type { AtelierHandlers } from '../../../shared/contract';
import { moveToTrash, reviewGroups } from '../organize/duplicateReview';
import { DEFAULT_SIMILARITY } from '../organize/duplicates';
import { OrganizeInputError } from '../organize/labels';
import type { HandlerDeps } from './handlerDeps';

export function organizeHandlers({
  organize,
  autoTags,
  catalog,
  host,
  activeModel,
  events,
}: HandlerDeps): AtelierHandlers['organize'] {
  return {
    marks: ({ path: file }) => organize.marksOf(file),
    addTag: ({ tag, paths }) => ({ changed: organize.addTag(tag, paths) }),
    removeTag: ({ tag, paths }) => ({ changed: organize.removeTag(tag, paths) }),
    tags: () => organize.tags(),
    rate: ({ rating, paths }) => {
      organize.rate(rating, paths);
      return null;
    },
    setNote: ({ path: file, note }) => {
      organize.setNote(file, note);
      return null;
    },
    collections: () => organize.collections(),
    collection: ({ name }) => organize.collection(name),
    createCollection: ({ name }) => organize.createCollection(name),
    addToCollection: ({ name, paths }) => ({ changed: organize.addToCollection(name, paths) }),
    removeFromCollection: ({ name, paths }) => ({ changed: organize.removeFromCollection(name, paths) }),
    renameCollection: ({ name, to }) => organize.renameCollection(name, to),
    deleteCollection: ({ name }) => {
      organize.deleteCollection(name);
      return null;
    },
    reorderCollection: ({ name, paths, before }) => {
      organize.reorderCollection(name, paths, before);
      return null;
    },
    async duplicates({ threshold = DEFAULT_SIMILARITY }) {
      // Without a model there are no vectors to compare: copies are still known by content.
      const model = await activeModel();
      // A library's first look searches every image: the review shows how far it has come.
      const onProgress = (done: number, total: number) => events.emit('organize.duplicatesProgress', { done, total });
      return { groups: await reviewGroups(catalog, model?.id ?? '', threshold, { onProgress }), threshold };
    },
    stack: ({ cover, paths }) => organize.stack(cover, paths),
    unstack: ({ path: file }) => organize.unstack(file),
    stackOf: ({ path: file }) => organize.stackOf(file),
    async moveToTrash({ paths }) {
      if (!host.trash) throw new OrganizeInputError('Moving to the trash is not available here.');
      return { moved: await moveToTrash(catalog, host.trash, paths) };
    },
    autoTags: () => autoTags.list(),
    defineAutoTag: async ({ tag, ...definition }) => ({ count: await autoTags.define(tag, definition) }),
    previewAutoTag: ({ limit, ...definition }) => autoTags.preview(definition, limit),
    removeAutoTag: ({ tag }) => ({ removed: autoTags.remove(tag) }),
    collectionPage: ({ name, limit = 100, offset = 0 }) => organize.collectionPage(name, limit, offset),
  };
}
