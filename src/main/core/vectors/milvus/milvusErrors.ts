/**
 * Turns what the SDK throws or returns (gRPC errors, response statuses) into a
 * StoreError a user can act on: which server, what went wrong, what to check.
 */
import { StoreError } from '../vectorStore';

/** gRPC status codes the messages depend on (from @grpc/grpc-js's `status`). */
const GRPC = { DEADLINE_EXCEEDED: 4, PERMISSION_DENIED: 7, UNIMPLEMENTED: 12, UNAVAILABLE: 14, UNAUTHENTICATED: 16 };

/** A response status as the SDK returns it: top level (ResStatus) or under `status`. */
interface ResStatusLike {
  error_code?: string | number;
  code?: number;
  reason?: string;
}

/** Set on a StoreError when the server could not be reached (connection refused, timeout, DNS). */
export class MilvusUnreachable extends StoreError {}

/** Set on a StoreError when the server refused the credentials (a wrong or missing token). */
export class MilvusRefused extends StoreError {}

function grpcCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** Why a connection failed, in a few words, from the socket error inside the gRPC message. */
function connectionReason(message: string): string {
  if (/ECONNREFUSED/.test(message)) return 'connection refused';
  if (/ENOTFOUND|EAI_AGAIN|Name resolution failed|DNS resolution failed/i.test(message)) return 'host not found';
  if (/ETIMEDOUT|EHOSTUNREACH|ENETUNREACH/.test(message)) return 'no route to the host';
  if (/ECONNRESET|EPIPE|closed|GOAWAY/i.test(message)) return 'connection closed by the server';
  if (/SSL|TLS|certificate|handshake|wrong version number/i.test(message)) return 'TLS handshake failed';
  return 'unavailable';
}

/** A StoreError for a failed call to the server at `where`, while doing `what`. */
export function milvusError(err: unknown, where: string, what: string): StoreError {
  if (err instanceof StoreError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const code = grpcCode(err);
  if (code === GRPC.UNAVAILABLE) {
    const reason = connectionReason(message);
    const hint =
      reason === 'TLS handshake failed' ? ' Check the URI scheme (http:// or https://) and the certificates.' : '';
    return new MilvusUnreachable(`Milvus at ${where} is not answering (${reason}).${hint}`);
  }
  if (code === GRPC.DEADLINE_EXCEEDED) {
    return new MilvusUnreachable(`Milvus at ${where} is not answering (timed out while trying to ${what}).`);
  }
  if (code === GRPC.UNAUTHENTICATED || code === GRPC.PERMISSION_DENIED || /auth|credential|password/i.test(message)) {
    return new MilvusRefused(
      `Milvus at ${where} refused the credentials while trying to ${what}: check --milvus-token or ` +
        `ATELIER_MILVUS_TOKEN (user:password or an API key).`,
    );
  }
  return new StoreError(`Milvus at ${where} failed to ${what}: ${message.split('\n')[0]}`);
}

/** Throws a StoreError when a response reports a failure; the SDK returns these instead of throwing. */
export function checkStatus(response: unknown, where: string, what: string): void {
  const r = response as (ResStatusLike & { status?: ResStatusLike }) | null | undefined;
  const status = r?.status ?? r;
  if (!status) return;
  const ok = (status.code === undefined || status.code === 0) && [undefined, 'Success', 0].includes(status.error_code);
  if (ok) return;
  const reason = status.reason || String(status.error_code ?? status.code);
  if (/auth|credential|password|privilege|permission/i.test(reason)) {
    throw new MilvusRefused(
      `Milvus at ${where} refused to ${what}: ${reason}. Check --milvus-token or ATELIER_MILVUS_TOKEN.`,
    );
  }
  throw new StoreError(`Milvus at ${where} failed to ${what}: ${reason}`);
}

/** True for "collection not found" answers, so a dropped collection is created again on the next write. */
export function isCollectionMissing(err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err);
  return /collection.*(not found|not exist|doesn't exist)|can't find collection/i.test(message);
}

/**
 * True when a collection exists but is not loaded (released by another client, or the server
 * restarted): loading it again fixes it. Milvus words it "collection not loaded" (2.3) or says the
 * collection is in state released.
 */
export function isCollectionNotLoaded(err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err);
  return /not loaded|state\W*released|call load\(\)|released state/i.test(message);
}

export { GRPC };
