/**
 * The text side of openai/CLIP's `simple_tokenizer.py` outside the BPE itself: cleaning,
 * pre-tokenizing and the byte map. Each piece reproduces a Python behaviour that differs
 * from the obvious JS one, because the text encoder only understands the reference ids.
 */
import { decodeHTML } from 'entities';

/**
 * The reference uses two whitespace sets, and neither is JS `\s` (which adds U+FEFF):
 * the `regex` module's `\s` (Unicode White_Space, so U+0085 but not U+001C..U+001F) for
 * collapsing and pre-tokenizing, and `str.strip()`'s `isspace()`, which also strips
 * U+001C..U+001F. So an inner U+001C survives as punctuation while an outer one is dropped.
 */
const RE_WS = '\\t\\n\\v\\f\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const STRIP_WS = `${RE_WS}\\x1c-\\x1f`;
const WS_RUN = new RegExp(`[${RE_WS}]+`, 'gu');
const STRIP = new RegExp(`^[${STRIP_WS}]+|[${STRIP_WS}]+$`, 'gu');

/**
 * The reference pattern, case-insensitive like the original. One quirk needs help: under
 * IGNORECASE, Python's `regex` puts U+0345 (a combining mark that case-folds to a letter)
 * in neither `\p{L}` nor its negation, so the reference silently drops it; JS `iu` counts
 * it as a letter, hence the lookahead.
 */
export const PRE_TOKENIZE = new RegExp(
  `<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|(?:(?!\\u0345)\\p{L})+|\\p{N}|[^${RE_WS}\\p{L}\\p{N}]+`,
  'giu',
);

/** Python's `html._charref`; `u` so that `{1,32}` counts code points as Python does. */
const CHARREF = /&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)/gu;
/** Python's `_invalid_charrefs` for 0x80..0x9F: Windows-1252, undefined bytes kept as C1 controls. */
const CP1252_C1 = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ';

/** Python's numeric charref rules, which drop control and non-character code points. */
function numericRef(ref: string): string {
  const hex = ref[1] === 'x' || ref[1] === 'X';
  const num = parseInt(ref.slice(hex ? 2 : 1), hex ? 16 : 10);
  if (num === 0) return '\ufffd';
  if (num === 0x0d) return '\r';
  if (num >= 0x80 && num <= 0x9f) return CP1252_C1[num - 0x80]!;
  if ((num >= 0xd800 && num <= 0xdfff) || num > 0x10ffff) return '\ufffd';
  const invalid =
    (num >= 0x01 && num <= 0x08) ||
    num === 0x0b ||
    (num >= 0x0e && num <= 0x1f) ||
    num === 0x7f ||
    (num >= 0xfdd0 && num <= 0xfdef) ||
    (num & 0xfffe) === 0xfffe;
  return invalid ? '' : String.fromCodePoint(num);
}

/**
 * Python's `html.unescape`. `entities` agrees with it on named references (including the
 * legacy semicolon-less prefixes) but keeps control characters from numeric ones, so only
 * the dispatch and the numeric rules are ours. One pass, so "&amp;lt;" yields "&lt;".
 */
export function pyHtmlUnescape(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(CHARREF, (match, ref: string) => (ref[0] === '#' ? numericRef(ref) : decodeHTML(match)));
}

/** The reference's `whitespace_clean(basic_clean(text)).lower()`. */
export function cleanText(text: string): string {
  // ftfy.fix_text would also repair mojibake; NFC is the part that matters for typed queries.
  let t = text.normalize('NFC');
  // Twice, as the reference does, so doubly-escaped scraped captions ("&amp;amp;") decode fully.
  t = pyHtmlUnescape(pyHtmlUnescape(t)).replace(STRIP, '');
  return t.replace(WS_RUN, ' ').replace(STRIP, '').toLowerCase();
}

/**
 * GPT-2's reversible byte -> printable character map: BPE works on strings, and this
 * keeps every byte visible and free of whitespace/control characters in the vocab file.
 * Returns the table indexed by byte, and the characters in the reference dict's insertion
 * order (printable bytes first, then the rest), which is the order of the first 256 ids.
 */
export function bytesToUnicode(): { byByte: string[]; idOrder: string[] } {
  const order: number[] = [];
  const ranges: [number, number][] = [
    [0x21, 0x7e],
    [0xa1, 0xac],
    [0xae, 0xff],
  ];
  for (const [lo, hi] of ranges) for (let b = lo; b <= hi; b++) order.push(b);
  const byByte = new Array<string>(256);
  for (const b of order) byByte[b] = String.fromCodePoint(b);
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    if (byByte[b] !== undefined) continue;
    order.push(b);
    byByte[b] = String.fromCodePoint(256 + extra++);
  }
  return { byByte, idOrder: order.map((b) => byByte[b]!) };
}
