/**
 * Says why a download could not reach its server, naming the host, in place of
 * fetch's bare "fetch failed": no network (the name cannot be looked up, no
 * route), a server that refuses the connection, or one that does not answer.
 */

const NO_NETWORK = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN']);
const NO_ANSWER = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/** The first `code` in an error's cause chain (fetch wraps the socket's error). */
function codeOf(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** A sentence for a fetch of `url` that failed before any answer. */
export function networkFailureMessage(url: string, err: unknown): string {
  const host = new URL(url).host;
  const code = codeOf(err);
  if (code && NO_NETWORK.has(code)) {
    return `Cannot reach ${host}: the network is unreachable (${code}). Connect and try again, or install the model from a folder with "atelier models import".`;
  }
  if (code === 'ECONNREFUSED') return `Cannot reach ${host}: it refused the connection (${code}).`;
  if (code && NO_ANSWER.has(code)) return `Cannot reach ${host}: it did not answer (${code}).`;
  const cause = (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message;
  return `Cannot reach ${host}: ${cause}${code ? ` (${code})` : ''}.`;
}
