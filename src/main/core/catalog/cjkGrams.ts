/**
 * Chinese, Japanese and Korean are written without spaces, and a trigram
 * index cannot look up a term shorter than three characters. The catalog
 * therefore also indexes every character of such text, and every pair of
 * neighbours, as words of their own (as Lucene's CJK bigram filter does), so
 * "限定" or "版" is one index lookup rather than a scan of every row.
 *
 * Migrations 15 and 26 (which text the trigram index holds) are built from
 * these; a change here would change only catalogs made afterwards, while
 * search would read every catalog by the new set, so a different set of
 * characters needs a new migration.
 */

/**
 * Han (with the radicals, 々〆〇 and the Hangzhou numerals), Hiragana and Katakana (without the
 * combining sound marks and the middle dot, which the word tokenizer reads as separators, but with
 * the long-vowel mark ー) and Hangul, full and half width. A class both SQLite's GLOB and a
 * JavaScript regular expression (with the u flag) read the same way.
 */
export const CJK_CLASS =
  '[\u1100-\u11FF\u2E80-\u2FDF\u3005-\u3007\u3021-\u3029\u3038-\u303B\u3041-\u3096\u309D-\u309F' +
  '\u30A1-\u30FA\u30FC-\u30FF\u3130-\u318F\u31F0-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uA960-\uA97F' +
  '\uAC00-\uD7AF\uD7B0-\uD7FF\uF900-\uFAFF\uFF66-\uFF9F\uFFA0-\uFFDC\u{20000}-\u{323AF}]';

/** Characters per piece: reading a piece of a long text walks it from its start. */
const PIECE = 256;

/**
 * SQL for the characters of `text` in CJK_CLASS and each such character's pair with the next one,
 * space separated ('' when there are none): "限定版 ok" gives "限 定 限定 版 定版". SQLite reads a
 * character at an offset by walking the text from its start, and a column afresh at each step, so
 * stepping through a long text one character at a time costs its length squared (seconds for a
 * 16,000-character page): it is cut into pieces of PIECE characters (each with the next piece's
 * first character, for the pair across the cut), and each piece that holds any such character
 * stepped through on its own.
 */
export function cjkGramsSql(text: string): string {
  const one = `substr(piece, i, 1)`;
  return `(WITH RECURSIVE
      pieces(k, piece) AS (SELECT 1, substr(${text}, 1, ${PIECE + 1})
        UNION ALL SELECT k + ${PIECE}, substr(${text}, k + ${PIECE}, ${PIECE + 1}) FROM pieces WHERE length(piece) > ${PIECE}),
      chars(i, piece) AS (SELECT 1, piece FROM pieces WHERE piece GLOB '*${CJK_CLASS}*'
        UNION ALL SELECT i + 1, piece FROM chars WHERE i < min(${PIECE}, length(piece)))
    SELECT coalesce(group_concat(${one} || CASE WHEN substr(piece, i + 1, 1) GLOB '${CJK_CLASS}'
      THEN ' ' || substr(piece, i, 2) ELSE '' END, ' '), '')
    FROM chars WHERE ${one} GLOB '${CJK_CLASS}')`;
}
