/**
 * A Milvus collection made by an older Atelier, before a field (`text`, `tags`) was added to the
 * schema: Milvus 2.3 cannot add a field to an existing collection, so the store must keep writing
 * into it without that field.
 */
import { collectionFields } from '../../src/main/core/vectors/milvus/milvusSchema';
import { MilvusStore } from '../../src/main/core/vectors/milvus/milvusStore';

const model = { id: 'clip-vit-base-patch32', dim: 32 };

/** Runs `body` with a store over a fresh collection that lacks `field`, then drops it. */
export async function withCollectionLacking(
  uri: string,
  collection: string,
  field: string,
  body: (store: MilvusStore, m: typeof model) => Promise<void>,
): Promise<void> {
  const store = new MilvusStore({ uri, collection });
  const { MilvusClient } = await import('@zilliz/milvus2-sdk-node');
  const admin = new MilvusClient({ address: new URL(uri).host });
  try {
    await admin.createCollection({
      collection_name: store.collectionName(model),
      fields: collectionFields(model.dim).filter((f) => f.name !== field),
      consistency_level: 'Strong',
    });
    await body(store, model);
  } finally {
    await store.drop(model).catch(() => undefined);
    await store.close();
    await admin.closeConnection();
  }
}
