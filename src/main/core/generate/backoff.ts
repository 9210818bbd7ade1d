/** How long to wait before the next attempt, and a wait that a cancellation cuts short. */

export interface RetryPolicy {
  /** Calls per image, the first included, before giving up on a retryable failure. */
  maxAttempts: number;
  /** The first backoff; each later one doubles, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** How long one call may take before it counts as failed. */
  attemptTimeoutMs: number;
  /** The first wait for the network to return; it grows the same way, up to `maxDelayMs`. */
  offlineDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 2_000,
  maxDelayMs: 60_000,
  attemptTimeoutMs: 120_000,
  offlineDelayMs: 5_000,
};

/**
 * Exponential backoff with jitter (half fixed, half random, so parallel calls
 * do not retry in step); a delay the server asked for is honoured as a floor.
 */
export function backoffMs(policy: RetryPolicy, failures: number, serverDelayMs?: number, random = Math.random) {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failures - 1));
  const jittered = exponential / 2 + random() * (exponential / 2);
  return Math.round(Math.max(jittered, serverDelayMs ?? 0));
}

/** Resolves after `ms`, or rejects at once when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
