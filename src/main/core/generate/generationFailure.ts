/**
 * What can go wrong with one call to the Gemini API, sorted by what to do next:
 * wait for the network, retry after a backoff, or stop and tell the user why.
 */
import type { ApiError } from '@google/genai';

export type Failure =
  /** The API cannot be reached at all: wait for the network; not counted as an attempt. */
  | { kind: 'offline'; message: string }
  /** Worth another attempt after a backoff (rate limit, overload, timeout, a garbled answer). */
  | { kind: 'retryable'; message: string; retryAfterMs?: number }
  /** Trying again would give the same answer (a bad key, a blocked prompt, no image). */
  | { kind: 'fatal'; message: string }
  | { kind: 'cancelled'; message: string };

export class GenerationFailure extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
    this.name = 'GenerationFailure';
  }
}

export const fatal = (message: string) => new GenerationFailure({ kind: 'fatal', message });

const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);
/** Connection-level errors that mean no route to the API, as opposed to a server that broke off. */
const OFFLINE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
]);

interface ApiErrorBody {
  error?: { message?: string; status?: string; details?: Array<{ '@type'?: string; retryDelay?: string }> };
}

function parseBody(message: string): ApiErrorBody {
  try {
    return JSON.parse(message) as ApiErrorBody;
  } catch {
    return {};
  }
}

/** google.rpc.RetryInfo's retryDelay ("7s", "1.5s") in ms. */
export function retryDelayMs(body: ApiErrorBody): number | undefined {
  for (const detail of body.error?.details ?? []) {
    if (!detail['@type']?.endsWith('google.rpc.RetryInfo') || !detail.retryDelay) continue;
    const seconds = Number.parseFloat(detail.retryDelay);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  }
  return undefined;
}

function apiFailure(err: ApiError): Failure {
  const body = parseBody(err.message);
  const said = (body.error?.message ?? err.message).slice(0, 300);
  const status = err.status;
  if (status === 429) {
    const retryAfterMs = retryDelayMs(body);
    return { kind: 'retryable', message: `The Gemini API is rate-limiting requests (429): ${said}`, retryAfterMs };
  }
  if (RETRYABLE_STATUS.has(status)) {
    return { kind: 'retryable', message: `The Gemini API is unavailable (${status}): ${said}` };
  }
  if (status === 401 || status === 403 || /api key/i.test(said)) {
    return {
      kind: 'fatal',
      message: `The Gemini API refused the API key (${status}): ${said}. Check the key in Settings or GEMINI_API_KEY.`,
    };
  }
  if (status === 404) return { kind: 'fatal', message: `The Gemini API does not know this model (404): ${said}` };
  return { kind: 'fatal', message: `The Gemini API rejected the request (${status}): ${said}` };
}

/** The SDK's ApiError, told by shape: the SDK is loaded lazily, so its class is not at hand here. */
function isApiError(err: unknown): err is ApiError {
  return err instanceof Error && err.name === 'ApiError' && typeof (err as ApiError).status === 'number';
}

/** Where a connection error says it tried to connect ("127.0.0.1:8080"), if it says. */
function errorPlace(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const { address, port } = e as { address?: unknown; port?: unknown };
    if (typeof address === 'string') return typeof port === 'number' ? `${address}:${port}` : address;
  }
  return undefined;
}

function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/**
 * Sorts an error from one call. `timedOut` and `cancelled` say which of the
 * call's own signals fired, since an aborted fetch looks the same either way.
 */
export function classify(err: unknown, context: { timedOut: boolean; cancelled: boolean }): Failure {
  if (err instanceof GenerationFailure) return err.failure;
  if (context.cancelled) return { kind: 'cancelled', message: 'Cancelled.' };
  if (context.timedOut) return { kind: 'retryable', message: 'The Gemini API did not answer in time.' };
  if (isApiError(err)) return apiFailure(err);
  if (err instanceof SyntaxError) {
    return { kind: 'retryable', message: 'The Gemini API sent an answer that is not valid JSON.' };
  }
  const code = errorCode(err);
  const detail = err instanceof Error ? err.message : String(err);
  if (code === 'ECONNREFUSED') {
    // The network is up (the host answered) but nothing listens: the service, a proxy or a gateway is down.
    const where = errorPlace(err);
    return {
      kind: 'offline',
      message: `The Gemini service${where ? ` at ${where}` : ''} is unreachable: it refused the connection (ECONNREFUSED).`,
    };
  }
  if (code && OFFLINE_CODES.has(code)) {
    return { kind: 'offline', message: `Cannot reach the Gemini API (${code}). Waiting for the network.` };
  }
  if (code === 'ECONNRESET' || code?.startsWith('UND_ERR')) {
    return { kind: 'retryable', message: `The connection to the Gemini API broke off (${code}).` };
  }
  return { kind: 'fatal', message: `Generation failed: ${detail}` };
}
