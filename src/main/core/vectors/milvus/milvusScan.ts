/**
 * Reads every entry's path and content key from a collection, a page at a
 * time. Paging by `id > last` needs results sorted by key, which milvus-lite
 * does not do, and offsets stop at 16 384; instead the key space (hex sha256
 * ids) is cut into ranges by prefix, and a range that fills a page is cut into
 * 16 smaller ones. Each entry is read exactly once, in any order.
 */
import { ConsistencyLevelEnum } from '@zilliz/milvus2-sdk-node';
import type { StoredKey } from '../vectorStore';
import type { MilvusConnection } from './milvusConnection';
import { startsWith } from './milvusFilter';
import { F, str } from './milvusSchema';

const HEX = '0123456789abcdef';
const ID_LENGTH = 64;

export async function* scanKeys(
  conn: MilvusConnection,
  collection: string,
  pageSize = 4096,
): AsyncGenerator<StoredKey[]> {
  const ranges = [...HEX].reverse();
  while (ranges.length) {
    const prefix = ranges.pop()!;
    const res = await conn.call(`read the keys of ${collection}`, (c, timeout) =>
      c.query({
        collection_name: collection,
        filter: startsWith(F.id, prefix),
        output_fields: [F.id, F.filepath, F.contentKey],
        limit: pageSize,
        consistency_level: ConsistencyLevelEnum.Strong,
        timeout,
      }),
    );
    if (res.data.length >= pageSize && prefix.length < ID_LENGTH) {
      for (const h of [...HEX].reverse()) ranges.push(prefix + h);
      continue;
    }
    if (res.data.length) yield res.data.map((r) => ({ path: str(r[F.filepath]), contentKey: str(r[F.contentKey]) }));
  }
}
