/** `atelier rate` and `atelier note`: an image's stars and its note. */
import type { Atelier } from '../../main/core/app';
import { parseNote, parseRating } from '../../main/core/organize/labels';
import { UsageError } from '../errors';
import { printJson, printLine } from '../output';
import { asUsage } from './organizeInput';

/** `rate`'s arguments, checked before the core opens. */
export function rateArgs(rest: string[]): { rating: number; paths: string[] } {
  const [rating, ...paths] = rest;
  if (rating === undefined || paths.length === 0) {
    throw new UsageError('rate needs a rating and images: atelier rate <0-5> <path>...');
  }
  return { rating: asUsage(() => parseRating(rating)), paths };
}

export function rateCommand(atelier: Atelier, { rating, paths }: ReturnType<typeof rateArgs>, json: boolean): void {
  atelier.organize.rate(rating, paths);
  if (json) printJson({ rating, images: paths.length });
  else printLine(`Rated ${paths.length} image${paths.length === 1 ? '' : 's'} ${rating}.`);
}

/** `note`'s arguments, checked before the core opens. */
export function noteArgs(rest: string[]): { file: string; note: string } {
  if (rest.length !== 2) throw new UsageError('note takes an image and a text: atelier note <path> "<text>"');
  const [file, text] = rest as [string, string];
  return { file, note: asUsage(() => parseNote(text)) };
}

export function noteCommand(atelier: Atelier, { file, note }: ReturnType<typeof noteArgs>, json: boolean): void {
  atelier.organize.setNote(file, note);
  if (json) printJson({ note: note || null });
  else printLine(note ? 'Note saved.' : 'Note cleared.');
}
