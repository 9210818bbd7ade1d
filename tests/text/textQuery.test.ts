/** How the text index reads a query: words, phrases that must appear, excluded words, and what it refuses. */
import { describe, expect, it } from 'vitest';
import { parseTextQuery, requireTextQuery, TextQueryError } from '../../src/main/core/text/textQuery';

describe('reading a query for the text index', () => {
  it('splits loose words, quoted phrases and excluded words', () => {
    expect(parseTextQuery('poster "lunar festival" -draft - sketch +gold')).toEqual({
      words: ['poster', 'gold'],
      phrases: ['lunar festival'],
      excluded: ['draft', 'sketch'],
    });
  });

  it('keeps a number with a minus sign as a word, and collapses spaces inside a phrase', () => {
    expect(parseTextQuery('-20 "  summer   sale "')).toEqual({
      words: ['-20'],
      phrases: ['summer sale'],
      excluded: [],
    });
  });

  it('reads a lone quote as the start of a phrase that runs to the end', () => {
    expect(parseTextQuery('menu "café au lait')).toEqual({ words: ['menu'], phrases: ['café au lait'], excluded: [] });
  });

  it('turns control characters, lone surrogates and replacement characters into spaces', () => {
    expect(parseTextQuery('lu\u0000nar\u0007 fes\ud800tival \ufffd')).toEqual({
      words: ['lu', 'nar', 'fes', 'tival'],
      phrases: [],
      excluded: [],
    });
  });

  it('drops FTS5 operators and terms with no letter or digit', () => {
    expect(parseTextQuery('AND OR NOT NEAR * ^ : ( ) "" lunar and')).toEqual({
      words: ['lunar', 'and'],
      phrases: [],
      excluded: [],
    });
  });

  it('refuses a query of only operators, quotes or signs, saying what to type instead', () => {
    for (const q of ['AND', '""', '"', '" "', '* ( )', '+ -', '\u0001\u0002', 'NEAR OR']) {
      expect(() => requireTextQuery(q), q).toThrow(TextQueryError);
      expect(() => requireTextQuery(q), q).toThrow(/it holds only operators, quotes or signs\. Give words/);
    }
    expect(() => requireTextQuery('-draft')).toThrow(/it only says what to leave out/);
    expect(requireTextQuery('限定').words).toEqual(['限定']);
  });
});
