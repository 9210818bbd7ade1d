/**
 * The vector store as the app and `atelier serve` manage it: which store is in
 * use and how it is doing (the settings screen's view), "Test connection",
 * switching to another store (storeSwitch.ts), and keeping the store in step
 * with the catalog right after indexing (storeKeeper.ts).
 */
import type { MilvusTarget, StoreTarget } from '../../../shared/contract';
import type { StoreTestResult, VectorStoreView } from '../../../shared/types';
import type { Catalog } from '../catalog/catalog';
import type { ChangeLog } from '../catalog/changeLog';
import type { EventBus } from '../events';
import type { StoreConfig } from './createStore';
import { DEFAULT_COLLECTION_PREFIX } from './milvus/milvusOptions';
import { probeMilvus } from './milvus/milvusProbe';
import { redactUri, splitUriCredentials } from './milvus/uriCredentials';
import { type KeeperStatus, StoreKeeper } from './storeKeeper';
import { StoreSwitcher } from './storeSwitch';
import type { ModelSpace } from './vectorStore';
import type { VectorSync } from './vectorSync';

/** Where the app keeps Milvus tokens: encrypted by the OS in Electron (settingsService.ts). */
export interface MilvusTokens {
  /** The token kept for this Milvus URI, or null. */
  milvusToken(uri: string): string | null;
  /** Keeps the token for this URI; null forgets it. */
  saveMilvusToken(uri: string, token: string | null): void;
}

export interface StoreServiceContext {
  dataDir: string;
  catalog: Catalog;
  log: ChangeLog;
  vectors: VectorSync;
  events: EventBus;
  /** The store the app starts with. */
  config: StoreConfig;
  tokens: MilvusTokens;
  /** The active model's space, if it can be known without a download. */
  activeModel(): Promise<ModelSpace | null>;
}

export class StoreService {
  private config: StoreConfig;
  private following = false;
  private readonly keeper: StoreKeeper;
  private readonly switcher: StoreSwitcher;

  constructor(private readonly ctx: StoreServiceContext) {
    this.config = ctx.config;
    this.keeper = new StoreKeeper(
      ctx.vectors,
      () => ctx.activeModel(),
      ctx.events,
      (status) => this.describe(status),
    );
    this.switcher = new StoreSwitcher({
      ...ctx,
      current: () => this.config,
      switched: async (config) => {
        if (config.kind === 'milvus') ctx.tokens.saveMilvusToken(config.uri, config.token ?? null);
        this.config = config;
        await this.keeper.observed('ok');
        return this.view();
      },
    });
  }

  /** The store in use, with its health (checked now if never seen) and what waits to reach it. */
  async view(): Promise<VectorStoreView> {
    const model = await this.ctx.activeModel().catch(() => null);
    if (this.keeper.status(model).health === 'unknown') {
      const health = await this.ctx.vectors.store.health();
      await this.keeper.observed(health.ok ? 'ok' : 'down', health.message);
    }
    return this.describe(this.keeper.status(model));
  }

  /**
   * Tries a Milvus server; a token left out is the one in the URI (`http://user:password@host`),
   * else the one kept for that URI.
   */
  test(target: MilvusTarget): Promise<StoreTestResult> {
    return probeMilvus(this.milvusConfig(target));
  }

  /** Starts copying every vector to `target`; the app uses it once the copy is complete. */
  switch(target: StoreTarget): { jobId: string } {
    return this.switcher.start(target.kind === 'embedded' ? { kind: 'embedded' } : this.milvusConfig(target));
  }

  /**
   * From now on, syncs the store in the background after every indexing job
   * (and now, for what an earlier outage left waiting). Returns the function that stops it.
   */
  keepInStep(): () => void {
    this.following = true;
    const sync = () => this.keeper.syncSoon();
    const stops = [this.ctx.events.on('library.indexed', sync), this.ctx.events.on('library.failed', sync)];
    sync();
    return () => {
      this.following = false;
      stops.forEach((stop) => stop());
    };
  }

  /** The catalog changed outside an indexing job (a folder removed): sync soon when keeping in step. */
  changed(): void {
    if (this.following) this.keeper.syncSoon();
  }

  close(): Promise<void> {
    return this.keeper.close();
  }

  private milvusConfig(target: MilvusTarget): StoreConfig & { kind: 'milvus' } {
    const { uri, token: inUri } = splitUriCredentials(target.uri);
    const token = target.token === undefined ? (inUri ?? this.ctx.tokens.milvusToken(uri)) : target.token;
    // A private CA configured for this server (store.json, ATELIER_MILVUS_CA) still applies.
    const tls = this.config.kind === 'milvus' && this.config.uri === uri ? this.config.tls : undefined;
    return {
      kind: 'milvus',
      uri,
      ...(token ? { token } : {}),
      ...(target.database ? { database: target.database } : {}),
      ...(target.collection ? { collection: target.collection } : {}),
      ...(tls !== undefined ? { tls } : {}),
    };
  }

  private describe(status: KeeperStatus): VectorStoreView {
    const c = this.config;
    if (c.kind === 'embedded') return { kind: 'embedded', ...status };
    const milvus = {
      uri: redactUri(c.uri),
      database: c.database || 'default',
      collectionPrefix: c.collection || DEFAULT_COLLECTION_PREFIX,
      tokenSet: Boolean(c.token),
    };
    return { kind: 'milvus', milvus, ...status };
  }
}
