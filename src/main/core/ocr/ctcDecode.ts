/**
 * Greedy CTC decoding of the recogniser's output: the likeliest class at each
 * step, repeats merged, blanks dropped. Class 0 is the blank, classes 1..n the
 * dictionary's lines, and the last class a space, as PaddleOCR builds its
 * character list (use_space_char).
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
  let text = '';
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
      text += charset[best] ?? '';
      sum += bestP;
      kept++;
    }
    previous = best;
  }
  return { text, confidence: kept ? sum / kept : 0 };
}
