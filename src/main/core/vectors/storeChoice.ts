/**
 * The library's chosen vector store, kept in `store.json` in the data folder:
 * written by `atelier store migrate`, read by every later run (CLI, app,
 * serve) that does not name a store itself. A file of its own rather than a
 * field of settings.json, so the two writers never overwrite each other.
 * The Milvus token is never written here, not even as credentials in the URI:
 * it comes from --milvus-token or ATELIER_MILVUS_TOKEN on each run, or from the
 * tokens the app keeps (settings). The file is readable by its owner only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { StoreConfig } from './createStore';
import { splitUriCredentials } from './milvus/uriCredentials';
import { StoreError } from './vectorStore';

export const STORE_FILE = 'store.json';

const tlsSchema = z.union([
  z.boolean(),
  z.object({
    rootCertPath: z.string().optional(),
    certChainPath: z.string().optional(),
    privateKeyPath: z.string().optional(),
    serverName: z.string().optional(),
  }),
]);

const choiceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('embedded') }),
  z.object({
    kind: z.literal('milvus'),
    uri: z.string().min(1),
    database: z.string().min(1).optional(),
    collection: z.string().min(1).optional(),
    tls: tlsSchema.optional(),
  }),
]);

/** Where credentials found in an older store.json's URI are moved to (the app's kept tokens). */
export interface TokenKeeper {
  saveMilvusToken(uri: string, token: string | null): void;
}

/**
 * The stored choice, or null when none was made (the embedded store is then the
 * default). A URI saved with credentials in it (by an older version) still
 * opens the server: they become the token and, given a `keeper`, move there,
 * and the file is written again without them.
 */
export function readStoreChoice(dataDir: string, keeper?: TokenKeeper): StoreConfig | null {
  const file = path.join(dataDir, STORE_FILE);
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  let choice: StoreConfig;
  try {
    choice = choiceSchema.parse(JSON.parse(raw));
  } catch (err) {
    // Falling back to the embedded store here would quietly split a studio's library in two.
    throw new StoreError(
      `${file} is damaged (${(err as Error).message.split('\n')[0]}): fix it, or choose a store again ` +
        `with "atelier store migrate --to embedded|milvus".`,
    );
  }
  if (choice.kind !== 'milvus') return choice;
  const { uri, token } = splitUriCredentials(choice.uri);
  if (!token) return choice;
  if (keeper) {
    keeper.saveMilvusToken(uri, token);
    writeStoreChoice(dataDir, choice);
  }
  return { ...choice, uri, token };
}

/** Saves the choice (without the token, or credentials in the URI), atomically and private to the user. */
export function writeStoreChoice(dataDir: string, config: StoreConfig): string {
  const {
    token: _token,
    timeoutMs: _t,
    connectTimeoutMs: _c,
    ...kept
  } = config as StoreConfig & {
    token?: string;
    timeoutMs?: number;
    connectTimeoutMs?: number;
  };
  const choice = choiceSchema.parse(
    kept.kind === 'milvus' ? { ...kept, uri: splitUriCredentials(kept.uri).uri } : kept,
  );
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, STORE_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(choice, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
  return file;
}
