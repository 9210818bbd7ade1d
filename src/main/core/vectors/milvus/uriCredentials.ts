/**
 * Credentials written into a Milvus URI (`http://user:password@host:19530`), as
 * pymilvus and the Milvus docs allow. They are the token (`user:password`, or
 * an API key written as the user alone): taken out of the URI before it is
 * used, saved (store.json) or shown (`store status`, the settings, messages),
 * so a password never lands in a world-readable file or on a screen.
 */

/** The URI without its credentials, and the token they make (if there were any). */
export function splitUriCredentials(uri: string): { uri: string; token?: string } {
  const trimmed = uri.trim();
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(trimmed)?.[0] ?? '';
  const rest = trimmed.slice(scheme.length);
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  // The last "@" ends the credentials: a password may hold an unencoded "@".
  const at = authority.lastIndexOf('@');
  if (at < 0) return { uri: trimmed };
  const userinfo = authority.slice(0, at);
  const stripped = scheme + rest.slice(at + 1);
  const colon = userinfo.indexOf(':');
  const [user, password] = colon < 0 ? [userinfo, ''] : [userinfo.slice(0, colon), userinfo.slice(colon + 1)];
  const token = password ? `${decode(user)}:${decode(password)}` : decode(user);
  return token ? { uri: stripped, token } : { uri: stripped };
}

/** The URI as it may be shown or saved: without credentials. */
export function redactUri(uri: string): string {
  return splitUriCredentials(uri).uri;
}

/**
 * Options whose URI carries no credentials: those in the URI become the token,
 * unless a token was given explicitly, which wins.
 */
export function withUriCredentials<T extends { uri: string; token?: string }>(options: T): T {
  const { uri, token } = splitUriCredentials(options.uri);
  const chosen = options.token || token;
  const { token: _given, ...rest } = options;
  return { ...rest, uri, ...(chosen ? { token: chosen } : {}) } as T;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
