/**
 * Which vector store a CLI run uses, from (first wins) the flags, the
 * environment, the choice saved in the data folder's store.json, and the
 * default (the embedded index). Credentials in a Milvus URI become the token
 * (an explicit one wins) and leave the URI, which is then safe to save and print.
 */
import path from 'node:path';
import { SettingsService } from '../main/core/settings/settingsService';
import type { StoreConfig } from '../main/core/vectors/createStore';
import { DEFAULT_MILVUS_URI, type MilvusStoreOptions, parseMilvusUri } from '../main/core/vectors/milvus/milvusOptions';
import { splitUriCredentials } from '../main/core/vectors/milvus/uriCredentials';
import { readStoreChoice } from '../main/core/vectors/storeChoice';
import { UsageError } from './errors';

/** The store flags as parsed: `--store`, `--milvus-uri`, `--milvus-token`, `--milvus-db`, `--collection`. */
export interface StoreFlags {
  store?: string;
  milvusUri?: string;
  milvusToken?: string;
  milvusDb?: string;
  collection?: string;
}

export type StoreKind = StoreConfig['kind'];

export function parseStoreKind(value: string, flag: string): StoreKind {
  if (value === 'embedded' || value === 'milvus') return value;
  throw new UsageError(`${flag} must be "embedded" or "milvus", not "${value}"`);
}

/** Milvus settings from the flags, the environment and a saved Milvus choice. */
export function milvusOptions(flags: StoreFlags, env: NodeJS.ProcessEnv, dataDir: string): MilvusStoreOptions {
  const saved = savedChoice(dataDir);
  const fromFile = saved?.kind === 'milvus' ? saved : undefined;
  const given = flags.milvusUri ?? env.ATELIER_MILVUS_URI;
  const { uri, token: inUri } = given ? splitUriCredentials(given) : { uri: fromFile?.uri ?? DEFAULT_MILVUS_URI };
  try {
    parseMilvusUri(uri);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const token = explicitMilvusToken(flags, env) ?? inUri ?? (given ? undefined : fromFile?.token);
  const database = flags.milvusDb ?? env.ATELIER_MILVUS_DB ?? fromFile?.database;
  const collection = flags.collection ?? fromFile?.collection;
  // A private CA (a studio server with its own certificate) turns TLS on.
  const ca = env.ATELIER_MILVUS_CA;
  const tls = ca ? { rootCertPath: path.resolve(ca) } : fromFile?.tls;
  return {
    uri,
    ...(token ? { token } : {}),
    ...(database ? { database } : {}),
    ...(collection ? { collection } : {}),
    ...(tls !== undefined ? { tls } : {}),
  };
}

/** The token given for this run with --milvus-token or ATELIER_MILVUS_TOKEN, which wins over any other. */
export function explicitMilvusToken(flags: StoreFlags, env: NodeJS.ProcessEnv): string | undefined {
  return flags.milvusToken ?? env.ATELIER_MILVUS_TOKEN;
}

/** store.json's choice; credentials an older version left in its URI move to the kept tokens. */
function savedChoice(dataDir: string): StoreConfig | null {
  return readStoreChoice(dataDir, {
    saveMilvusToken: (uri, token) => new SettingsService(dataDir).saveMilvusToken(uri, token),
  });
}

/** A store of the given kind, configured from the flags, the environment and store.json. */
export function storeOfKind(kind: StoreKind, flags: StoreFlags, env: NodeJS.ProcessEnv, dataDir: string): StoreConfig {
  return kind === 'embedded' ? { kind } : { kind, ...milvusOptions(flags, env, dataDir) };
}

/**
 * The store this run uses. `--milvus-uri` on its own means Milvus, except where
 * it names another store (`store migrate --to milvus`): pass `uriSelects: false`.
 */
export function resolveStore(
  flags: StoreFlags,
  env: NodeJS.ProcessEnv,
  dataDir: string,
  uriSelects = true,
): StoreConfig {
  const named = flags.store ?? (flags.milvusUri && uriSelects ? 'milvus' : undefined);
  const kind = named
    ? parseStoreKind(named, '--store')
    : env.ATELIER_STORE
      ? parseStoreKind(env.ATELIER_STORE, 'ATELIER_STORE')
      : (savedChoice(dataDir)?.kind ?? 'embedded');
  return storeOfKind(kind, flags, env, dataDir);
}
