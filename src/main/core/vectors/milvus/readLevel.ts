/**
 * Which consistency level a search asks Milvus for. Strong makes the query
 * node wait for the next time tick (every 200 ms on a default server), so a
 * Strong search on Milvus 2.3 takes 200-400 ms however small the collection;
 * Bounded answers at once from what is at most `common.gracefulTime` (5 s by
 * default) old, in a few milliseconds.
 *
 * What a user needs is pymilvus's "Session" guarantee: their own writes are
 * visible to their next search. This client cannot send the guarantee
 * timestamp Session needs (the Node SDK leaves it out of search requests), so
 * it keeps the same promise by asking for Strong while its own writes may be
 * younger than the server's bound, and on its first search of a collection
 * (another process, the `atelier` command say, may just have written). Writes
 * from other workstations show up within the bound.
 */
import { ConsistencyLevelEnum } from '@zilliz/milvus2-sdk-node';

/** Milvus's default `common.gracefulTime`, with a margin for clocks and slow writes. */
export const STRONG_AFTER_WRITE_MS = 10_000;

export class ReadLevel {
  private readonly lastWrite = new Map<string, number>();
  private readonly searched = new Set<string>();

  constructor(
    private readonly windowMs = STRONG_AFTER_WRITE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Called when a write to `collection` has returned (or failed: part of it may have landed). */
  wrote(collection: string): void {
    this.lastWrite.set(collection, this.now());
  }

  /** The level for a search of `collection` now; until one has answered, Strong. */
  forSearch(collection: string): ConsistencyLevelEnum {
    const first = !this.searched.has(collection);
    const last = this.lastWrite.get(collection);
    const recent = last !== undefined && this.now() - last < this.windowMs;
    return first || recent ? ConsistencyLevelEnum.Strong : ConsistencyLevelEnum.Bounded;
  }

  /** Called when a search of `collection` has answered. */
  answered(collection: string): void {
    this.searched.add(collection);
  }

  /** A dropped or recreated collection starts over. */
  forget(collection: string): void {
    this.lastWrite.delete(collection);
    this.searched.delete(collection);
  }
}
