/**
 * Why a file matched a text query, as a hit shows it: a snippet of the text
 * read in the image, of its prompt or note, whether its name, folders or tags
 * matched, and the words as they were found (for highlighting). Read from the
 * FTS5 index itself (highlight and snippet), so a match found without
 * diacritics or inside a Chinese sentence is shown as the text has it.
 */
import type { TextMatches } from '../../../shared/types';
import type { Db } from '../catalog/database';
import { HAYSTACK, likePattern, type Lookup, lookups, matchExpression } from './textLookups';
import type { TextQuery } from './textQuery';

// Private-use characters: they never come out of the tokenizers, so they mark only what matched.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARKED = /\uE000([^\uE001]*)\uE001/g;
const SNIPPET_WORDS = 12;
const SNIPPET_CHARS = 48;

interface Row {
  id: number;
  name: string;
  folders: string;
  ocr: string;
  prompt: string;
  tags: string;
  note: string;
}
type Column = Exclude<keyof Row, 'id'>;

function ftsRows(db: Db, l: Lookup, ids: number[]): Row[] {
  const t = l.source;
  const size = t === 'text_grams' ? SNIPPET_CHARS : SNIPPET_WORDS;
  const hl = (col: number) => `highlight(${t}, ${col}, '${OPEN}', '${CLOSE}')`;
  const sn = (col: number) => `snippet(${t}, ${col}, '${OPEN}', '${CLOSE}', '…', ${size})`;
  return db
    .prepare(
      `SELECT rowid AS id, ${hl(0)} AS name, ${hl(1)} AS folders, ${sn(2)} AS ocr, ${sn(3)} AS prompt,
        ${hl(4)} AS tags, ${sn(5)} AS note
      FROM ${t} WHERE ${t} MATCH ? AND rowid IN (SELECT value FROM json_each(?))`,
    )
    .all(
      matchExpression({ ...l, optional: [...l.required, ...l.optional], required: [] }),
      JSON.stringify(ids),
    ) as Row[];
}

/** The substring scan and text_cjk have no highlight(): marks every occurrence and cuts a window around the first. */
function substringRows(db: Db, l: Lookup, ids: number[]): Row[] {
  const terms = [...l.required, ...l.optional];
  const rows = db
    .prepare(
      `SELECT file_id AS id, name, folders, ocr, prompt, tags, note FROM file_texts x
      WHERE file_id IN (SELECT value FROM json_each(?)) AND (${terms.map(() => `${HAYSTACK} LIKE ? ESCAPE '\\'`).join(' OR ')})`,
    )
    .all(JSON.stringify(ids), ...terms.map(likePattern)) as Row[];
  const mark = (text: string, cut: boolean) => {
    let first = -1;
    let marked = text;
    for (const term of terms) {
      const at = marked.indexOf(term);
      if (at >= 0 && (first < 0 || at < first)) first = at;
      marked = marked.split(term).join(`${OPEN}${term}${CLOSE}`);
    }
    if (!cut || first < 0 || marked.length <= SNIPPET_CHARS) return marked;
    const from = Math.max(0, first - SNIPPET_CHARS / 2);
    return `${from > 0 ? '…' : ''}${[...marked.slice(from)].slice(0, SNIPPET_CHARS).join('')}…`;
  };
  return rows.map((r) => ({
    id: r.id,
    name: mark(r.name, false),
    folders: mark(r.folders, false),
    ocr: mark(r.ocr, true),
    prompt: mark(r.prompt, true),
    tags: mark(r.tags, false),
    note: mark(r.note, true),
  }));
}

const hasMark = (s: string) => s.includes(OPEN);
const plain = (s: string) => s.replace(/[\uE000\uE001]/g, '');

/** What matched in each of these files (those that matched nothing are absent). */
export function textMatches(db: Db, q: TextQuery, fileIds: number[]): Map<number, TextMatches> {
  const out = new Map<number, TextMatches>();
  if (!fileIds.length) return out;
  for (const l of lookups(q)) {
    // text_cjk holds no text to highlight: the characters found are marked where they stand.
    const marked = l.source === 'substrings' || l.source === 'text_cjk';
    const rows = marked ? substringRows(db, l, fileIds) : ftsRows(db, l, fileIds);
    for (const row of rows) {
      const m = out.get(row.id) ?? {};
      // One form per word, as the text read in the image has it before the name or folder.
      const found = new Map((m.found ?? []).map((w) => [w.toLocaleLowerCase(), w]));
      for (const col of ['ocr', 'prompt', 'note', 'tags', 'name', 'folders'] as Column[]) {
        if (!hasMark(row[col])) continue;
        for (const [, word] of row[col].matchAll(MARKED)) {
          if (word && !found.has(word.toLocaleLowerCase())) found.set(word.toLocaleLowerCase(), word);
        }
      }
      if (hasMark(row.ocr)) m.text ??= plain(row.ocr);
      if (hasMark(row.prompt)) m.prompt ??= plain(row.prompt);
      if (hasMark(row.note)) m.note ??= plain(row.note);
      if (hasMark(row.name)) m.name = true;
      if (hasMark(row.folders)) m.folder = true;
      if (hasMark(row.tags)) m.tag = true;
      if (found.size) m.found = [...found.values()];
      out.set(row.id, m);
    }
  }
  return out;
}
