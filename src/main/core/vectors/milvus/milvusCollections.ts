/**
 * Makes sure a model's collection is ready before it is used: created with
 * Atelier's fields, HNSW/COSINE index built, loaded, in that order (Milvus 2.6
 * refuses to load a collection without an index). A collection someone else
 * made is checked before Atelier writes into it.
 */
import { ConsistencyLevelEnum, LoadState } from '@zilliz/milvus2-sdk-node';
import { type ModelSpace, StoreError } from '../vectorStore';
import type { MilvusConnection } from './milvusConnection';
import { literal } from './milvusFilter';
import { collectionName } from './milvusOptions';
import { collectionFields, F, HNSW_BUILD, METRIC, type OptionalFields } from './milvusSchema';

interface FieldLike {
  name: string;
  is_primary_key?: boolean;
  dim?: unknown;
  type_params?: Array<{ key: string; value: unknown }>;
}

const failed = (r: { status?: { error_code?: unknown; code?: number } }) =>
  (r.status?.code ?? 0) !== 0 || ![undefined, 'Success', 0].includes(r.status?.error_code as string | number);

export class MilvusCollections {
  private readonly ready = new Map<string, Promise<string>>();
  /** The optional fields of each collection made ready: one made before a field existed is written without it. */
  private readonly optional = new Map<string, OptionalFields>();
  private database: Promise<void> | null = null;

  constructor(
    private readonly conn: MilvusConnection,
    private readonly prefix: string | undefined,
    private readonly databaseName: string | undefined,
  ) {}

  name(model: ModelSpace): string {
    return collectionName(this.prefix, model.id);
  }

  async exists(model: ModelSpace): Promise<boolean> {
    if (this.databaseName && this.databaseName !== 'default' && !(await this.databaseExists())) return false;
    const name = this.name(model);
    const has = await this.conn.call(`look up collection ${name}`, (c, timeout) =>
      c.hasCollection({ collection_name: name, timeout }),
    );
    return Boolean(has.value);
  }

  /** The collection's name once it exists, has its index and is loaded. */
  ensure(model: ModelSpace): Promise<string> {
    const name = this.name(model);
    // By name and dimension: two model ids can fold to one name, and the second must be checked too.
    const key = `${name}/${model.dim}`;
    let ready = this.ready.get(key);
    if (!ready) {
      ready = this.prepare(name, model).then(() => name);
      this.ready.set(key, ready);
      ready.catch(() => this.ready.delete(key));
    }
    return ready;
  }

  /** Which optional fields this collection, once made ready, has. */
  fieldsOf(collection: string): OptionalFields {
    return this.optional.get(collection) ?? { text: false, tags: false };
  }

  /** Whether this model's collection was made ready in this process (and not forgotten since). */
  known(model: ModelSpace): boolean {
    return this.ready.has(`${this.name(model)}/${model.dim}`);
  }

  /** Forgets that a collection was ready (it was dropped, here or by someone else). */
  forget(model: ModelSpace): void {
    this.ready.delete(`${this.name(model)}/${model.dim}`);
  }

  async drop(model: ModelSpace): Promise<void> {
    const name = this.name(model);
    this.forget(model);
    if (await this.exists(model)) {
      await this.conn.call(`drop collection ${name}`, (c, timeout) =>
        c.dropCollection({ collection_name: name, timeout }),
      );
    }
  }

  private async prepare(name: string, model: ModelSpace): Promise<void> {
    await this.ensureDatabase();
    const existed = await this.exists(model);
    if (!existed) {
      const created = await this.conn.raw(`create collection ${name}`, (c, timeout) =>
        c.createCollection({
          collection_name: name,
          description: `Atelier: image embeddings of model ${model.id}`,
          fields: collectionFields(model.dim),
          consistency_level: 'Strong',
          enable_dynamic_field: false,
          timeout,
        }),
      );
      // Another workstation may have created it a moment ago: that is fine, it is checked below.
      if (failed({ status: created }) && !/already exist/i.test(created.reason)) {
        throw new StoreError(`Milvus at ${this.conn.where} failed to create collection ${name}: ${created.reason}`);
      }
    }
    await this.checkSchema(name, model);
    await this.ensureIndex(name);
    await this.ensureLoaded(name);
    if (existed) await this.checkModel(name, model);
  }

  private async checkSchema(name: string, model: ModelSpace): Promise<void> {
    const desc = await this.conn.call(`describe collection ${name}`, (c, timeout) =>
      c.describeCollection({ collection_name: name, timeout }),
    );
    const fields = desc.schema.fields as FieldLike[];
    const vector = fields.find((f) => f.name === F.vector);
    const dim = Number(vector?.dim ?? vector?.type_params?.find((p) => p.key === 'dim')?.value);
    const pk = fields.find((f) => f.is_primary_key);
    this.optional.set(name, {
      text: fields.some((f) => f.name === F.text),
      tags: fields.some((f) => f.name === F.tags),
    });
    const missing = [F.filepath, F.contentKey, F.format].filter((n) => !fields.some((f) => f.name === n));
    if (!vector || dim !== model.dim || pk?.name !== F.id || missing.length) {
      const what =
        !vector || dim !== model.dim
          ? `its vectors have ${dim || 'no'} dimensions, the model ${model.dim}`
          : 'its fields differ';
      throw new StoreError(
        `Collection ${name} in Milvus at ${this.conn.where} was not made by Atelier for model ${model.id} (${what}). ` +
          `Choose another collection prefix with --collection.`,
      );
    }
  }

  private async ensureIndex(name: string): Promise<void> {
    const index = await this.conn.raw(`describe the index of ${name}`, (c, timeout) =>
      c.describeIndex({ collection_name: name, field_name: F.vector, timeout }),
    );
    const existing = failed(index) ? undefined : index.index_descriptions?.[0];
    if (existing) {
      const metric = existing.params?.find((p) => p.key === 'metric_type')?.value;
      if (metric && String(metric).toUpperCase() !== METRIC) {
        throw new StoreError(`Collection ${name} is indexed with the ${String(metric)} metric; Atelier needs COSINE.`);
      }
      return;
    }
    await this.conn.call(`build the index of ${name}`, (c, timeout) =>
      c.createIndex({
        collection_name: name,
        field_name: F.vector,
        index_name: 'vector_hnsw',
        index_type: 'HNSW',
        metric_type: METRIC,
        params: { ...HNSW_BUILD },
        timeout,
      }),
    );
  }

  /** Loads the collection unless it is loaded (the SDK's load waits 400 ms even then). */
  private async ensureLoaded(name: string): Promise<void> {
    const state = await this.conn.raw(`ask the load state of ${name}`, (c, timeout) =>
      c.getLoadState({ collection_name: name, timeout }),
    );
    if (!failed(state) && String(state.state) === String(LoadState.LoadStateLoaded)) return;
    await this.conn.call(`load collection ${name}`, (c, timeout) =>
      c.loadCollection({ collection_name: name, timeout }),
    );
  }

  /** One collection holds one model's space: refuse to mix vectors of two models. */
  private async checkModel(name: string, model: ModelSpace): Promise<void> {
    const other = await this.conn.call(`read collection ${name}`, (c, timeout) =>
      c.query({
        collection_name: name,
        filter: `${F.model} != ${literal(model.id)}`,
        output_fields: [F.model],
        limit: 1,
        // Any row of another model would be old news: no need to wait for the newest writes.
        consistency_level: ConsistencyLevelEnum.Bounded,
        timeout,
      }),
    );
    const found = other.data[0]?.[F.model] as string | undefined;
    if (found !== undefined) {
      throw new StoreError(
        `Collection ${name} holds vectors of model ${found}, not ${model.id}: choose another --collection.`,
      );
    }
  }

  private async databaseExists(): Promise<boolean> {
    const list = await this.conn.call('list databases', (c, timeout) => c.listDatabases({ timeout }));
    return list.db_names.includes(this.databaseName!);
  }

  /** Creates the configured database on first use (a fresh studio server has only `default`). */
  private ensureDatabase(): Promise<void> {
    if (!this.databaseName || this.databaseName === 'default') return Promise.resolve();
    this.database ??= (async () => {
      if (await this.databaseExists()) return;
      const made = await this.conn.raw(`create database ${this.databaseName}`, (c, timeout) =>
        c.createDatabase({ db_name: this.databaseName!, timeout }),
      );
      if (failed({ status: made }) && !/already exist/i.test(made.reason)) {
        throw new StoreError(
          `Milvus at ${this.conn.where} failed to create database ${this.databaseName}: ${made.reason}`,
        );
      }
    })();
    this.database.catch(() => (this.database = null));
    return this.database;
  }
}
