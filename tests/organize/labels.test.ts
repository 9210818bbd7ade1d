/** The words people give as tags and collection names, and ratings: what is taken, and how it is compared. */
import { describe, expect, it } from 'vitest';
import { parseCollectionName, parseNote, parseRating, parseTag } from '../../src/main/core/organize/labels';

describe('tags, names and ratings', () => {
  it('takes emoji and every script, trimmed, and folds case and Unicode forms for comparing', () => {
    expect(parseTag('  Ночной город ')).toEqual({ name: 'Ночной город', folded: 'ночной город' });
    expect(parseTag('🌙 夜景').folded).toBe('🌙 夜景');
    // "é" typed as one code point and as e + a combining accent is one tag.
    expect(parseTag('Caf\u00e9').folded).toBe(parseTag('CAFE\u0301').folded);
    expect([...parseTag('🐉'.repeat(100)).name]).toHaveLength(100);
  });

  it('refuses a comma, more than 100 characters, only spaces, and a second line', () => {
    expect(() => parseTag('a,b')).toThrow('A tag cannot contain a comma: "a,b" (give each tag on its own).');
    expect(() => parseTag('🐉'.repeat(101))).toThrow(/^A tag is at most 100 characters; this one has 101/);
    expect(() => parseTag(' \t ')).toThrow('A tag cannot be empty or only spaces.');
    expect(() => parseTag('one\ntwo')).toThrow('A tag is one line: "one…"');
    expect(parseCollectionName('Moodboard, act 2').name).toBe('Moodboard, act 2');
  });

  it('takes ratings 0 to 5 only, and trims a note', () => {
    expect([0, '5', ' 3 '].map(parseRating)).toEqual([0, 5, 3]);
    for (const bad of [7, -1, 2.5, '7', 'five', '', '4 stars']) {
      expect(() => parseRating(bad)).toThrow(/^A rating is a whole number from 0 to 5/);
    }
    expect(parseNote('  keep for the poster  ')).toBe('keep for the poster');
  });
});
