/** The contract's handler table, one module per service as the contract groups them. */
import type { AtelierHandlers } from '../../../shared/contract';
import { fileActions } from '../shell/fileActions';
import { generateHandlers } from './generateHandlers';
import type { HandlerDeps } from './handlerDeps';
import { libraryHandlers } from './libraryHandlers';
import { modelsHandlers } from './modelsHandlers';
import { organizeHandlers } from './organizeHandlers';
import { searchHandlers } from './searchHandlers';
import { settingsHandlers } from './settingsHandlers';
import { storeHandlers } from './storeHandlers';
import { templateHandlers } from './templateHandlers';

export function createHandlers(deps: HandlerDeps): AtelierHandlers {
  const { host, thumbnails, config } = deps;
  return {
    library: libraryHandlers(deps),
    search: searchHandlers(deps),
    files: fileActions(host.shell, thumbnails, config.dataDir),
    models: modelsHandlers(deps),
    generate: generateHandlers(deps),
    settings: settingsHandlers(deps),
    store: storeHandlers(deps),
    organize: organizeHandlers(deps),
    templates: templateHandlers(deps),
  };
}
