/**
 * Greedy CTC decoding of the recogniser's output: the likeliest class at each
 * step, repeats merged, blanks dropped. Class 0 is the blank, classes 1..n the
 * dictionary's lines, and the last class a space, as PaddleOCR builds its
 * character list (use_space_char).
 *
 * The Chinese-and-English model often leaves out the space between two Latin
 * words set in capitals or tightly ("LUNARFESTIVAL", "EditionBox"), which the
 * word index could then not find by either word. Where it emitted two Latin
 * letters or digits much further apart than the line's usual step between
 * characters, a space is put back (measured on tests/ocr's rendered set).
 */
import fs from 'node:fs';

/** The recogniser's classes: index 0 is the blank (''). */
export function loadCharset(dictionaryFile: string): string[] {
  const lines = fs.readFileSync(dictionaryFile, 'utf8').split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return ['', ...lines, ' '];
}

export interface DecodedLine {
  text: string;
  /** The mean probability of the characters kept (0 when none was). */
  confidence: number;
}

/** Decodes row `row` of a [rows, steps, classes] probability tensor. */
export function ctcGreedy(
  probs: Float32Array,
  row: number,
  steps: number,
  classes: number,
  charset: string[],
): DecodedLine {
  const chars: Array<{ ch: string; t: number }> = [];
  let sum = 0;
  let kept = 0;
  let previous = -1;
  for (let t = 0; t < steps; t++) {
    const base = (row * steps + t) * classes;
    let best = 0;
    let bestP = probs[base]!;
    for (let c = 1; c < classes; c++) {
      const p = probs[base + c]!;
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    if (best !== 0 && best !== previous) {
      chars.push({ ch: charset[best] ?? '', t });
      sum += bestP;
      kept++;
    }
    previous = best;
  }
  return { text: withWordGaps(chars), confidence: kept ? sum / kept : 0 };
}

const LATIN = /^[A-Za-z0-9]$/;
/** A gap this many times the line's median step, and at least MIN_EXTRA steps more, is a missing space. */
const GAP_RATIO = 1.45;
const MIN_EXTRA = 2;

function withWordGaps(chars: Array<{ ch: string; t: number }>): string {
  const steps: number[] = [];
  for (let i = 1; i < chars.length; i++) {
    if (chars[i]!.ch !== ' ' && chars[i - 1]!.ch !== ' ') steps.push(chars[i]!.t - chars[i - 1]!.t);
  }
  steps.sort((a, b) => a - b);
  const median = steps.length ? steps[Math.floor(steps.length / 2)]! : 0;
  let text = '';
  chars.forEach(({ ch, t }, i) => {
    const before = chars[i - 1];
    const gap = before ? t - before.t : 0;
    const apart = median > 0 && gap >= GAP_RATIO * median && gap >= median + MIN_EXTRA;
    if (before && apart && LATIN.test(before.ch) && LATIN.test(ch)) text += ' ';
    text += ch;
  });
  return text;
}
