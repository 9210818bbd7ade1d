/**
 * Where each term of a query is looked up: words in the unicode61 index,
 * Chinese, Japanese and Korean terms (written without spaces) in the trigram
 * index (which holds only the rows with such text), those of one or two such
 * characters, too short for a trigram, in the index of single characters and
 * pairs (migration 14), and what is left (a short term mixing scripts or
 * spaces) by a substring scan of the indexed text.
 */
import { CJK_CLASS } from '../catalog/cjkGrams';
import { ftsString, isCjk, type TextQuery } from './textQuery';

/** The indexed text of a file (`file_texts` as `x`) as one string, for the substring scan. */
export const HAYSTACK = `(x.name || char(10) || x.folders || char(10) || x.ocr || char(10) || x.prompt || char(10) || x.tags || char(10) || x.note)`;

export type Source = 'text_words' | 'text_grams' | 'text_cjk' | 'substrings';

const SHORT_CJK = new RegExp(`^${CJK_CLASS}{1,2}$`, 'u');
const HOLDS_CJK = new RegExp(CJK_CLASS, 'u');

export interface Lookup {
  source: Source;
  required: string[];
  optional: string[];
}

export function sourceOf(term: string): Source {
  if (SHORT_CJK.test(term)) return 'text_cjk';
  if (!isCjk(term)) return 'text_words';
  // The trigram index holds only rows with a character of CJK_CLASS (migration 27): a term without
  // one (hentaigana, say) could match a row it lacks.
  return [...term.replace(/\s/g, '')].length >= 3 && HOLDS_CJK.test(term) ? 'text_grams' : 'substrings';
}

/** The query split by where each term is looked up. */
export function lookups(q: TextQuery): Lookup[] {
  const bySource = new Map<Source, Lookup>();
  const at = (term: string) => {
    const source = sourceOf(term);
    let l = bySource.get(source);
    if (!l) bySource.set(source, (l = { source, required: [], optional: [] }));
    return l;
  };
  for (const p of q.phrases) at(p).required.push(p);
  for (const w of q.words) at(w).optional.push(w);
  return [...bySource.values()];
}

export const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** An FTS5 expression matching every required term and ranking by all of them; any optional term when none is required. */
export function matchExpression(l: Lookup): string {
  const req = l.required.map(ftsString);
  const all = [...req, ...l.optional.map(ftsString)];
  if (!req.length) return all.join(' OR ');
  return l.optional.length ? `${req.join(' AND ')} AND (${all.join(' OR ')})` : req.join(' AND ');
}
