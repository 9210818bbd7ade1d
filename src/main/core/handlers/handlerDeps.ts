/** What the contract's handlers are built from: the services the composition root wired. */
import type { ModelDescriptor } from '../../../shared/types';
import type { BrowseService } from '../browse/browseService';
import type { Catalog } from '../catalog/catalog';
import type { ClipEncoder } from '../clip/encoderClient';
import type { AtelierConfig } from '../config';
import type { EventBus } from '../events';
import type { GenerationParts } from '../generate/createGeneration';
import type { AtelierHost } from '../host';
import type { LibraryService } from '../indexer/libraryService';
import type { ModelSwitcher } from '../indexer/modelSwitch';
import type { WatchService } from '../indexer/watchService';
import type { ModelService } from '../models/modelService';
import type { AutoTagService } from '../organize/autoTagService';
import type { OrganizeService } from '../organize/organizeService';
import type { QueryUploads } from '../queryImages/queryUploads';
import type { SearchService } from '../search/searchService';
import type { SettingsService } from '../settings/settingsService';
import type { ThumbnailService } from '../thumbnails/thumbnailService';
import type { StoreService } from '../vectors/storeService';
import type { VectorSync } from '../vectors/vectorSync';

export interface HandlerDeps {
  config: AtelierConfig;
  host: AtelierHost;
  catalog: Catalog;
  /** Pages of the library and its folder tree, without a query. */
  browse: BrowseService;
  models: ModelService;
  library: LibraryService;
  watches: WatchService;
  stores: StoreService;
  settings: SettingsService;
  thumbnails: ThumbnailService;
  /** Images dropped on the search box, kept in the data folder and pruned. */
  uploads: QueryUploads;
  generation: GenerationParts;
  /** The active model's encoder, started on first use. */
  encoder: () => Promise<ClipEncoder>;
  search: () => Promise<SearchService>;
  /** The active model if it can be resolved without a download, else null. */
  activeModel: () => Promise<ModelDescriptor | null>;
  /** Switching to another model in the background. */
  switcher: ModelSwitcher;
  /** The vector store, kept in step with the catalog. */
  vectors: VectorSync;
  organize: OrganizeService;
  autoTags: AutoTagService;
  /** Progress of work a method does before it answers. */
  events: EventBus;
}
