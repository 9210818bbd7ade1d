/** The `settings` service: the user's choices, each view carrying the vector store in use. */
import type { AtelierHandlers } from '../../../shared/contract';
import type { HandlerDeps } from './handlerDeps';

export function settingsHandlers({ settings, stores }: HandlerDeps): AtelierHandlers['settings'] {
  return {
    get: async () => ({ ...settings.view(), vectorStore: await stores.view() }),
    update: async (patch) => ({ ...settings.update(patch), vectorStore: await stores.view() }),
  };
}
