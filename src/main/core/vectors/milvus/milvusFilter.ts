/**
 * Milvus boolean expressions for Atelier's filters.
 *
 * A folder is matched as a range of the sort order, `filepath >= "dir/" and
 * filepath < "dir0"`, rather than with `like "dir/%"`: `like` means different
 * things on the servers Atelier meets. Milvus 2.3 takes `_` and `%` inside the
 * pattern literally and does not understand `\_`; milvus-lite and Milvus 2.4+
 * (2.6) treat them as wildcards that must be escaped. Folder names with `_` are
 * common (`my_refs`), so either escaping is wrong on one of them. Strings
 * compare bytewise in UTF-8 on all three, so the range is exact everywhere.
 */
import type { VectorFilter } from '../vectorStore';
import { F } from './milvusSchema';

const ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * A string literal for an expression. Quotes, backslashes and line breaks must
 * be escaped; `\n`, `\r`, `\t` are the escapes both parsers know (milvus-lite
 * rejects `\u` and `\x`), and other control characters pass through as they are.
 */
export function literal(value: string): string {
  let out = '"';
  for (const c of value) out += ESCAPES[c] ?? c;
  return `${out}"`;
}

/**
 * The first string after every string that starts with `prefix`, in code point
 * order (which is UTF-8 byte order): the prefix with its last code point
 * incremented. Folder prefixes end with a path separator, so this is `/`→`0`
 * or `\`→`]`.
 */
export function prefixEnd(prefix: string): string {
  const chars = Array.from(prefix);
  const last = chars.pop();
  if (last === undefined) throw new Error('An empty prefix has no end');
  return chars.join('') + String.fromCodePoint(last.codePointAt(0)! + 1);
}

export function startsWith(field: string, prefix: string): string {
  return `(${field} >= ${literal(prefix)} and ${field} < ${literal(prefixEnd(prefix))})`;
}

export function oneOf(field: string, values: readonly string[]): string {
  return `${field} in [${values.map(literal).join(', ')}]`;
}

/** The expression for a search filter; '' when it filters nothing. */
export function filterExpression(filter: VectorFilter = {}): string {
  const parts: string[] = [];
  const folders = (filter.folders ?? []).filter((f) => f.length > 0);
  if (folders.length) parts.push(`(${folders.map((f) => startsWith(F.filepath, f)).join(' or ')})`);
  if (filter.formats?.length) parts.push(oneOf(F.format, filter.formats));
  return parts.join(' and ');
}
