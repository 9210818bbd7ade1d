/** The `store` service: the vector store in use, trying a Milvus server, and switching to another store. */
import type { AtelierHandlers } from '../../../shared/contract';
import type { HandlerDeps } from './handlerDeps';

export function storeHandlers({ stores }: HandlerDeps): AtelierHandlers['store'] {
  return {
    status: () => stores.view(),
    test: (target) => stores.test(target),
    switch: (target) => stores.switch(target),
  };
}
