/**
 * A search box's text as the text index reads it: loose words (any may
 * match, more is better), quoted phrases (each must appear) and excluded
 * words (`-draft`). Every term reaches SQLite as a quoted FTS5 string, so
 * `AND`, `NEAR`, `*`, `:` or a stray quote are only ever text, and control
 * characters or broken UTF-16 from a bad client are spaces: no input can turn
 * into an SQL error.
 */
export interface TextQuery {
  words: string[];
  phrases: string[];
  excluded: string[];
}

export class TextQueryError extends Error {}

/** FTS5's own operators: on their own they are how a query is written, not what it looks for. */
const OPERATOR_WORDS = new Set(['AND', 'OR', 'NOT', 'NEAR']);
const SEARCHABLE = /[\p{L}\p{N}]/u;

/** Control characters, lone surrogates (invalid UTF-8 decodes to them or to U+FFFD) and U+FFFD itself become spaces. */
export function cleanText(input: string): string {
  return input.replace(/[\p{Cc}\p{Cs}\uFFFD]/gu, ' ').normalize('NFC');
}

const searchable = (term: string) => SEARCHABLE.test(term) && !OPERATOR_WORDS.has(term);

/** The text index's reading of a query; an empty query when it holds nothing to look for. */
export function parseTextQuery(input: string): TextQuery {
  const query: TextQuery = { words: [], phrases: [], excluded: [] };
  let sign: 1 | -1 = 1;
  for (const match of cleanText(input).matchAll(/"([^"]*)"?|(\S+)/g)) {
    const quoted = match[1]?.trim().replace(/\s+/g, ' ');
    const word = match[2];
    if (quoted !== undefined) {
      if (quoted && SEARCHABLE.test(quoted)) (sign > 0 ? query.phrases : query.excluded).push(quoted);
      sign = 1;
    } else if (word === '-' || word === '+') {
      sign = word === '-' ? -1 : 1;
    } else if (word) {
      const negative = word.startsWith('-') && !/^-\d/.test(word);
      const bare = /^[-+]\S/.test(word) && !/^[-+]\d/.test(word) ? word.slice(1) : word;
      if (searchable(bare)) (negative || sign < 0 ? query.excluded : query.words).push(bare);
      sign = 1;
    }
  }
  return query;
}

export function isEmptyTextQuery(q: TextQuery): boolean {
  return q.words.length === 0 && q.phrases.length === 0;
}

/** The query, or a message saying what to type instead when it is only operators, quotes or signs. */
export function requireTextQuery(input: string): TextQuery {
  const q = parseTextQuery(input);
  if (isEmptyTextQuery(q) && q.excluded.length) {
    throw new TextQueryError(
      `Nothing to search for in ${JSON.stringify(cleanText(input).trim())}: it only says what to leave out. ` +
        'Add what to look for, e.g. poster -draft.',
    );
  }
  if (isEmptyTextQuery(q)) {
    throw new TextQueryError(
      `Nothing to search for in ${JSON.stringify(cleanText(input).trim())}: it holds only operators, quotes or signs. ` +
        'Give words, e.g. lunar festival, or a phrase in quotes, e.g. "lunar festival".',
    );
  }
  return q;
}

/** Chinese, Japanese and Korean are written without spaces: such a term is looked up by substring. */
export function isCjk(term: string): boolean {
  return /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(term);
}

/** A term as an FTS5 string: always quoted, inner quotes doubled. */
export function ftsString(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}
