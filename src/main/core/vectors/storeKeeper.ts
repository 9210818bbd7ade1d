/**
 * Keeps the vector store in step with the catalog in the background, for the
 * app and `atelier serve`: a sync right after each indexing job and folder
 * removal, so other workstations searching a shared Milvus see the new images
 * at once. A store that is down is tried again with backoff; nothing is lost
 * meanwhile, the changes wait in the catalog (vectorSync.ts). Searches count
 * too: one the store fails shows it down, the next that succeeds shows it ok.
 * Every change of health or of the pending count goes out as a `store.status` event.
 */
import type { VectorStoreView } from '../../../shared/types';
import type { EventBus } from '../events';
import { storeProblem } from './milvus/milvusProbe';
import { type ModelSpace, StoreError } from './vectorStore';
import type { VectorSync } from './vectorSync';

/** First retry after a failure; each next one waits twice as long, up to MAX_RETRY_MS. */
export const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 5 * 60_000;

type Health = VectorStoreView['health'];

export interface KeeperStatus {
  health: Health;
  message?: string;
  pending: number;
  retryAt?: number;
}

export class StoreKeeper {
  private health: Health = 'unknown';
  private message: string | undefined;
  private retryAt: number | undefined;
  private failures = 0;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private again = false;
  private closed = false;
  private readonly stopListening: () => void;

  constructor(
    private readonly vectors: VectorSync,
    private readonly model: () => Promise<ModelSpace | null>,
    private readonly events: EventBus,
    /** The full view for the `store.status` event, from this keeper's status. */
    private readonly view: (status: KeeperStatus) => VectorStoreView,
  ) {
    this.stopListening = vectors.onSearched((failure) => void this.searched(failure));
  }

  /** A search the store failed means it is down, whatever the last sync said; one it answered, that it is up. */
  private async searched(failure: unknown): Promise<void> {
    if (failure instanceof StoreError) await this.set('down', storeProblem(failure).message);
    else if (failure === null && this.health === 'down') await this.observed('ok');
  }

  /** Syncs now in the background (or right after the sync in flight); never throws. */
  syncSoon(): void {
    if (this.closed) return;
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.clearTimer();
    this.inFlight = this.attempt().finally(() => {
      this.inFlight = null;
      if (this.again) {
        this.again = false;
        this.syncSoon();
      }
    });
  }

  /** Health as last seen, and the pending count for `model` now. */
  status(model: ModelSpace | null): KeeperStatus {
    return {
      health: this.health,
      ...(this.message ? { message: this.message } : {}),
      pending: model ? this.vectors.pending(model) : 0,
      ...(this.retryAt ? { retryAt: this.retryAt } : {}),
    };
  }

  /** Takes health from a check made elsewhere (a health request, a finished switch). */
  async observed(health: 'ok' | 'down' | 'unknown', message?: string): Promise<void> {
    if (health !== 'down') this.failures = 0;
    if (health !== 'down') this.retryAt = undefined;
    await this.set(health, message);
  }

  /** Waits for the sync in flight; stops retrying. */
  async close(): Promise<void> {
    this.closed = true;
    this.stopListening();
    this.clearTimer();
    await this.inFlight;
  }

  private async attempt(): Promise<void> {
    const model = await this.model().catch(() => null);
    if (!model) return;
    await this.set('syncing', undefined, model);
    try {
      await this.vectors.sync(model);
      this.failures = 0;
      this.retryAt = undefined;
      await this.set('ok', undefined, model);
    } catch (err) {
      this.failures += 1;
      const delay = Math.min(FIRST_RETRY_MS * 2 ** (this.failures - 1), MAX_RETRY_MS);
      this.retryAt = Date.now() + delay;
      if (!this.closed) {
        this.timer = setTimeout(() => this.syncSoon(), delay);
        // A retry alone must not keep a process alive that has nothing else to do.
        this.timer.unref();
      }
      await this.set('down', storeProblem(err).message, model);
    }
  }

  private async set(health: Health, message?: string, model?: ModelSpace): Promise<void> {
    this.health = health;
    this.message = message;
    const space = model ?? (await this.model().catch(() => null));
    this.events.emit('store.status', this.view(this.status(space)));
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
