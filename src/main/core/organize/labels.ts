/**
 * The words a person gives: tag names, collection names, ratings and notes.
 * A tag keeps the form it was typed in for display and is compared folded, so
 * "Forest" and "forest" are one tag; emoji and every script are fine.
 */

/** Input the organizer refuses, with a one-line reason for the user; nothing was changed. */
export class OrganizeInputError extends Error {}

export const MAX_LABEL_LENGTH = 100;
export const MAX_NOTE_LENGTH = 10_000;

export interface Label {
  /** As shown: trimmed, in the case it was typed. */
  name: string;
  /** As compared: the display form, Unicode-normalised and lower-cased. */
  folded: string;
}

/** The folded form two labels are compared by. */
export function foldLabel(text: string): string {
  return text.trim().normalize('NFC').toLowerCase();
}

function label(kind: 'tag' | 'collection name', raw: string): Label {
  const name = raw.trim().normalize('NFC');
  if (name.length === 0) throw new OrganizeInputError(`A ${kind} cannot be empty or only spaces.`);
  if (/[\r\n]/.test(name)) throw new OrganizeInputError(`A ${kind} is one line: "${name.split(/[\r\n]/)[0]}…"`);
  const length = [...name].length;
  if (length > MAX_LABEL_LENGTH) {
    throw new OrganizeInputError(
      `A ${kind} is at most ${MAX_LABEL_LENGTH} characters; this one has ${length}: "${[...name].slice(0, 20).join('')}…"`,
    );
  }
  return { name, folded: foldLabel(name) };
}

/** A tag as typed, checked: no commas (they separate tags in other apps' keyword fields). */
export function parseTag(raw: string): Label {
  const tag = label('tag', raw);
  if (tag.name.includes(',')) {
    throw new OrganizeInputError(`A tag cannot contain a comma: "${tag.name}" (give each tag on its own).`);
  }
  return tag;
}

export function parseCollectionName(raw: string): Label {
  return label('collection name', raw);
}

/** A rating of 0 (none) to 5 stars, from a number or its text. */
export function parseRating(raw: number | string): number {
  const n = typeof raw === 'number' ? raw : /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 5) {
    throw new OrganizeInputError(`A rating is a whole number from 0 to 5, not "${String(raw)}".`);
  }
  return n;
}

/** A note, trimmed; an empty one clears the note. */
export function parseNote(raw: string): string {
  const note = raw.trim();
  if (note.length > MAX_NOTE_LENGTH) {
    throw new OrganizeInputError(`A note is at most ${MAX_NOTE_LENGTH} characters; this one has ${note.length}.`);
  }
  return note;
}
