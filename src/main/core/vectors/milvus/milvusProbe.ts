/**
 * "Test connection" for a Milvus server the user is about to choose: connect,
 * ask its health and version, and make one request that needs the credentials
 * (the health check does not ask for them on every server). Changes nothing on
 * the server, and answers why not in words for the settings screen.
 */
import type { StoreTestResult } from '../../../../shared/types';
import { StoreError } from '../vectorStore';
import { MilvusRefused, MilvusUnreachable } from './milvusErrors';
import { type MilvusStoreOptions, parseMilvusUri } from './milvusOptions';

/** A failure of a Milvus store as the app tells it: the kind, and a message without CLI flags in it. */
export function storeProblem(failure: unknown): Extract<StoreTestResult, { ok: false }> {
  // A sync's error wraps the store's with the pending count, which the app shows on its own.
  const err = failure instanceof StoreError && failure.cause instanceof StoreError ? failure.cause : failure;
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof MilvusRefused) {
    const where = /^Milvus at (\S+)/.exec(message)?.[1] ?? 'the server';
    return {
      ok: false,
      reason: 'auth',
      message: `Milvus at ${where} refused the credentials: check the token (user:password or an API key).`,
    };
  }
  if (err instanceof MilvusUnreachable) {
    return { ok: false, reason: /TLS handshake/.test(message) ? 'tls' : 'down', message };
  }
  return { ok: false, reason: 'error', message };
}

/** Tries the server without creating anything on it; resolves (never rejects) with the answer. */
export async function probeMilvus(options: MilvusStoreOptions): Promise<StoreTestResult> {
  try {
    parseMilvusUri(options.uri);
  } catch (err) {
    return { ok: false, reason: 'invalid', message: (err as Error).message };
  }
  // Loaded here, not at start: the SDK is slow to load and most libraries never talk to Milvus.
  const [{ MilvusConnection }, { MilvusCollections }] = await Promise.all([
    import('./milvusConnection'),
    import('./milvusCollections'),
  ]);
  // Short deadlines: the user is waiting on a button.
  const conn = new MilvusConnection({ connectTimeoutMs: 5_000, timeoutMs: 10_000, ...options });
  try {
    const health = await conn.call('check its health', (c) => c.checkHealth());
    if (!health.isHealthy) {
      const reasons = (health.reasons as string[]).join('; ') || 'no reason given';
      throw new StoreError(`Milvus at ${conn.where} reports it is unhealthy: ${reasons}`);
    }
    const { version } = await conn.call('ask its version', (c) => c.getVersion());
    // Looking up a collection needs the credentials (and the database, when one is named).
    await new MilvusCollections(conn, options.collection, options.database).exists({ id: 'connection-test', dim: 1 });
    return { ok: true, serverVersion: version || 'unknown' };
  } catch (err) {
    return storeProblem(err);
  } finally {
    await conn.close();
  }
}
