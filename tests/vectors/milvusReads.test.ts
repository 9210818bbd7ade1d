/**
 * What a search sees on a real Milvus now that it asks for Strong consistency
 * only when it must (readLevel.ts): another client's writes on its first
 * search, its own writes at once, and after that, the other client's writes
 * within the server's staleness bound.
 */
import { describe, expect, it } from 'vitest';
import { MilvusStore } from '../../src/main/core/vectors/milvus/milvusStore';
import type { ModelSpace } from '../../src/main/core/vectors/vectorStore';
import { angle, entry, freshModel } from './contractData';
import { describeMilvus, milvusTargets } from './milvusTargets';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeMilvus('Milvus search consistency', () => {
  for (const target of milvusTargets()) {
    describe(target.kind, () => {
      const open = () => new MilvusStore({ uri: target.uri(), collection: `reads_${process.pid}` });

      /** Two clients of one server on a model of the test's own, cleaned up afterwards. */
      async function withTwoClients(run: (a: MilvusStore, b: MilvusStore, model: ModelSpace) => Promise<void>) {
        const [a, b] = [open(), open()];
        const model = freshModel();
        try {
          await run(a, b, model);
        } finally {
          await a.reset(model).catch(() => undefined);
          await Promise.all([a.close(), b.close()]);
        }
      }

      it(
        'sees the writes of others on its first search and its own at once, and stays fresh',
        () =>
          withTwoClients(async (writer, reader, model) => {
            await writer.upsert(model, [entry('/lib/w/first.png', angle(10))]);
            // The reader has never searched: its first search must see what was written before it.
            expect((await reader.search(model, angle(0), 5)).map((h) => h.path)).toEqual(['/lib/w/first.png']);
            // Its own write, searched right away.
            await reader.upsert(model, [entry('/lib/w/own.png', angle(1))]);
            expect((await reader.search(model, angle(0), 1))[0]?.path).toBe('/lib/w/own.png');
            // Someone else's write shows up within Milvus's bound (5 s by default), without a write here.
            await writer.upsert(model, [entry('/lib/w/later.png', angle(0))]);
            const deadline = Date.now() + 15_000;
            let top: string | undefined;
            while (Date.now() < deadline) {
              top = (await reader.search(model, angle(0), 1))[0]?.path;
              if (top === '/lib/w/later.png') break;
              await sleep(250);
            }
            expect(top).toBe('/lib/w/later.png');
          }),
        60_000,
      );

      it(
        'finds nothing, without an error, once someone else drops the collection it searched',
        () =>
          withTwoClients(async (mine, other, model) => {
            await mine.upsert(model, [entry('/lib/d/a.png', angle(0))]);
            expect(await mine.search(model, angle(0), 1)).toHaveLength(1);
            const { MilvusClient } = await import('@zilliz/milvus2-sdk-node');
            const admin = new MilvusClient({ address: new URL(target.uri()).host });
            await admin.dropCollection({ collection_name: other.collectionName(model) });
            await admin.closeConnection();
            expect(await mine.search(model, angle(0), 1)).toEqual([]);
            // And writes after that make the collection again.
            await mine.upsert(model, [entry('/lib/d/b.png', angle(0))]);
            expect((await mine.search(model, angle(0), 1))[0]?.path).toBe('/lib/d/b.png');
          }),
        60_000,
      );
    });
  }
});
