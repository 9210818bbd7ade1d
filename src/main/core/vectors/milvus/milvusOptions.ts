/**
 * Where a Milvus store lives and how to reach it: the URI as a user writes it
 * (`http://host:19530`, `https://…zillizcloud.com`, `host:port`), credentials,
 * TLS, database, and the collection naming that gives each model its own space.
 */
import { redactUri } from './uriCredentials';

/** Certificates for TLS; a plain `true` uses the system's root certificates. */
export interface MilvusTls {
  /** CA certificate that signed the server's certificate (a self-signed studio server). */
  rootCertPath?: string;
  /** Client certificate and key, for servers that require mutual TLS. */
  certChainPath?: string;
  privateKeyPath?: string;
  /** The name on the server's certificate when it differs from the host in the URI. */
  serverName?: string;
}

/** A Milvus store's settings, as chosen by the user (flags, environment or store.json). */
export interface MilvusStoreOptions {
  /** `http://host:port`, `https://host[:port]` (TLS), or `host[:port]`. */
  uri: string;
  /**
   * `user:password`, or an API key (Zilliz Cloud). Never written to store.json. Credentials in
   * the URI (`http://user:password@host`) are taken as the token when none is given.
   */
  token?: string;
  /** Database name; default `default`. */
  database?: string;
  /** Collection name prefix: each model gets `<prefix>_<model>`; default `atelier`. */
  collection?: string;
  /** TLS without a `https://` URI, or with a private CA or client certificates. */
  tls?: boolean | MilvusTls;
  /** Deadline of one request, in milliseconds (default 30 s). */
  timeoutMs?: number;
  /** Deadline of connecting, in milliseconds (default 5 s): a down server is reported quickly. */
  connectTimeoutMs?: number;
}

export const DEFAULT_MILVUS_URI = 'http://127.0.0.1:19530';
export const DEFAULT_COLLECTION_PREFIX = 'atelier';

/** The gRPC address (`host:port`) of a URI, and whether it asks for TLS. */
export function parseMilvusUri(uri: string): { host: string; port: number; address: string; https: boolean } {
  const trimmed = uri.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `tcp://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw notMilvusUri(uri);
  }
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  if (!['http', 'https', 'tcp', 'grpc', 'grpcs'].includes(scheme) || !url.hostname) {
    throw notMilvusUri(uri);
  }
  const https = scheme === 'https' || scheme === 'grpcs';
  // Zilliz Cloud endpoints are https on 443; a self-hosted Milvus listens on 19530.
  const port = url.port ? Number(url.port) : https ? 443 : 19530;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return { host, port, address, https };
}

function notMilvusUri(uri: string): Error {
  return new Error(`Not a Milvus URI: "${redactUri(uri)}" (expected e.g. http://127.0.0.1:19530)`);
}

/**
 * The collection that holds one model's vectors. Milvus names allow letters,
 * digits and underscores, starting with a letter or underscore, so the model id
 * is folded to that (`clip-vit-base-patch32` → `atelier_clip_vit_base_patch32`).
 */
export function collectionName(prefix: string | undefined, modelId: string): string {
  const fold = (s: string) => s.replace(/[^A-Za-z0-9_]+/g, '_');
  const base = fold(prefix?.trim() || DEFAULT_COLLECTION_PREFIX).replace(/^([^A-Za-z_])/, '_$1');
  const model = fold(modelId).replace(/^_+|_+$/g, '') || 'model';
  return `${base}_${model}`.slice(0, 255);
}
