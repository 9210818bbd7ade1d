/** The `organize` service: tags, ratings, notes and collections of the library's images. */
import type { AtelierHandlers } from '../../../shared/contract';
import type { HandlerDeps } from './handlerDeps';

export function organizeHandlers({ organize }: HandlerDeps): AtelierHandlers['organize'] {
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
    collectionPage: ({ name, limit = 100, offset = 0 }) => organize.collectionPage(name, limit, offset),
  };
}
