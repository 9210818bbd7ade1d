/**
 * `atelier store status | verify | migrate --to embedded|milvus`: where the
 * vectors are searched, whether that store matches the catalog, and moving
 * them to another store without re-embedding anything.
 */
import type { Atelier } from '../../main/core/app';
import { ChangeLog } from '../../main/core/catalog/changeLog';
import { createStore, describeStore, type StoreConfig } from '../../main/core/vectors/createStore';
import { redactUri } from '../../main/core/vectors/milvus/uriCredentials';
import { writeStoreChoice } from '../../main/core/vectors/storeChoice';
import { migrateStore } from '../../main/core/vectors/storeMigrate';
import { type VerifyReport, verifyStore } from '../../main/core/vectors/storeVerify';
import { StoreError } from '../../main/core/vectors/vectorStore';
import { UsageError } from '../errors';
import { printJson, printLine } from '../output';
import { explicitMilvusToken, parseStoreKind, type StoreFlags, storeOfKind } from '../storeOptions';

export interface StoreCommandOptions {
  /** The store this run uses (resolved from flags, environment and store.json). */
  store: StoreConfig;
  flags: StoreFlags;
  to?: string;
  json: boolean;
}

/** The store's settings as shown to the user: never the token, nor credentials in the URI. */
function shown(config: StoreConfig): Record<string, unknown> {
  if (config.kind === 'embedded') return { kind: 'embedded' };
  const { token: _token, ...rest } = config;
  return { ...rest, uri: redactUri(rest.uri), token: config.token ? 'set' : 'none' };
}

function roots(atelier: Atelier): string[] {
  return atelier.catalog.roots().map((r) => r.path);
}

function reportLine(r: VerifyReport): string {
  const repaired = r.missing + r.stale + r.extra;
  const what = repaired
    ? `repaired: sent ${r.missing} missing and ${r.stale} stale, deleted ${r.extra} extra`
    : r.rebuilt
      ? 'rebuilt from the catalog'
      : 'matches the catalog';
  const foreign = r.foreign ? `; ${r.foreign} entries of other folders left alone` : '';
  return `${r.model}: catalog ${r.catalog}, store ${r.storeBefore} → ${r.storeAfter}; ${what}${foreign}.`;
}

async function status(atelier: Atelier, options: StoreCommandOptions): Promise<void> {
  const log = new ChangeLog(atelier.catalog);
  const store = atelier.vectorSync.store;
  const health = await store.health();
  const models = [];
  for (const model of log.models()) {
    const inStore = health.ok ? await store.count(model) : null;
    models.push({
      model: model.id,
      dim: model.dim,
      catalog: log.entryCount(model.id),
      store: inStore,
      pending: atelier.vectorSync.pending(model),
    });
  }
  if (options.json) printJson({ store: shown(options.store), name: store.name, health, models });
  else {
    printLine(`Store:   ${describeStore(options.store)}`);
    printLine(`Health:  ${health.ok ? 'ok' : health.message}`);
    if (models.length === 0) printLine('No vectors in the catalog yet. Index a folder first: atelier index <folder>');
    for (const m of models) {
      const held = m.store === null ? 'unknown' : String(m.store);
      printLine(`  ${m.model} (${m.dim}-d): catalog ${m.catalog}, store ${held}, waiting to be sent ${m.pending}`);
    }
  }
  if (!health.ok) throw new StoreError(health.message ?? 'The vector store is not healthy.');
}

async function verify(atelier: Atelier, options: StoreCommandOptions): Promise<void> {
  const log = new ChangeLog(atelier.catalog);
  const reports: VerifyReport[] = [];
  for (const model of log.models()) reports.push(await verifyStore(atelier.vectorSync, log, model, roots(atelier)));
  if (options.json) return printJson({ store: shown(options.store), models: reports });
  printLine(`Verified ${describeStore(options.store)} against the catalog.`);
  if (reports.length === 0) printLine('No vectors in the catalog yet: nothing to compare.');
  for (const r of reports) printLine(`  ${reportLine(r)}`);
}

async function migrate(atelier: Atelier, options: StoreCommandOptions): Promise<void> {
  if (!options.to) throw new UsageError('store migrate needs a target: atelier store migrate --to embedded|milvus');
  const dataDir = atelier.config.dataDir;
  const target = storeOfKind(parseStoreKind(options.to, '--to'), options.flags, process.env, dataDir);
  const store = createStore(target, { dataDir });
  const log = new ChangeLog(atelier.catalog);
  try {
    const reports = await migrateStore(log, store, roots(atelier), (model) => {
      process.stderr.write(`Copying ${log.entryCount(model.id)} vectors of ${model.id}…\n`);
    }).catch((err: unknown) => {
      // Not "they go out on the next run": the library keeps using its current store.
      if (!(err instanceof StoreError)) throw err;
      const cause = err.cause instanceof StoreError ? err.cause : err;
      throw new StoreError(
        `${cause.message} Nothing was switched: Atelier still uses ${describeStore(options.store)}.`,
      );
    });
    const file = writeStoreChoice(dataDir, target);
    // Credentials written into the URI are kept as the app keeps tokens (settings.json, private to
    // the user), so later runs still open the server; an explicit token is never written to disk.
    const fromUri =
      target.kind === 'milvus' && !explicitMilvusToken(options.flags, process.env) ? target.token : undefined;
    if (fromUri && target.kind === 'milvus') atelier.settings.saveMilvusToken(target.uri, fromUri);
    if (options.json) return printJson({ store: shown(target), saved: file, models: reports });
    for (const r of reports) printLine(`Copied ${r.copied} vectors of ${r.model}. ${reportLine(r)}`);
    printLine(`Atelier now uses ${describeStore(target)} (saved in ${file}).`);
    if (fromUri) printLine('The credentials in the URI are kept as its token, not in store.json.');
    else if (target.kind === 'milvus' && target.token) {
      printLine('The token is not saved: pass --milvus-token or set ATELIER_MILVUS_TOKEN on each run.');
    }
  } finally {
    await store.close();
  }
}

export async function storeCommand(atelier: Atelier, args: string[], options: StoreCommandOptions): Promise<void> {
  const [action = 'status', ...extra] = args;
  if (extra.length) throw new UsageError(`store ${action} takes no arguments: got "${extra.join(' ')}"`);
  if (action === 'status') return status(atelier, options);
  if (action === 'verify') return verify(atelier, options);
  if (action === 'migrate') return migrate(atelier, options);
  throw new UsageError(`Unknown store action "${action}": use status, verify or migrate --to embedded|milvus`);
}

/**
 * After indexing into a shared store, send the new vectors now: other
 * workstations search Milvus, not this catalog. (The embedded index catches
 * up on the next search.) A Milvus that is down fails here with a message that
 * says what waits in the catalog.
 */
export async function syncAfterIndex(atelier: Atelier, store: StoreConfig | undefined): Promise<void> {
  if (store?.kind !== 'milvus') return;
  const model = await atelier.activeModel();
  if (model) await atelier.vectorSync.sync({ id: model.id, dim: model.dim });
}
