import { describe, expect, it } from 'vitest';
import { parseQueryText } from '../../src/main/core/search/queryText';

describe('parseQueryText', () => {
  it('keeps a plain description as one positive term', () => {
    expect(parseQueryText('red silk cape with gold trim')).toEqual([{ text: 'red silk cape with gold trim', sign: 1 }]);
  });

  it('splits on standalone minus and plus', () => {
    expect(parseQueryText('red cape - blue hood + gold')).toEqual([
      { text: 'red cape', sign: 1 },
      { text: 'blue hood', sign: -1 },
      { text: 'gold', sign: 1 },
    ]);
  });

  it('treats quoted phrases and prefix signs as terms', () => {
    expect(parseQueryText('"red cape" -hood +gold')).toEqual([
      { text: 'red cape', sign: 1 },
      { text: 'hood', sign: -1 },
      { text: 'gold', sign: 1 },
    ]);
    expect(parseQueryText('"red cape" - "fur hood"')).toEqual([
      { text: 'red cape', sign: 1 },
      { text: 'fur hood', sign: -1 },
    ]);
  });

  it('leaves hyphenated words, numbers and an unclosed quote alone', () => {
    expect(parseQueryText('t-shirt -5 degrees')).toEqual([{ text: 't-shirt -5 degrees', sign: 1 }]);
    expect(parseQueryText('"red cape')).toEqual([{ text: 'red cape', sign: 1 }]);
    expect(parseQueryText('   ')).toEqual([]);
  });
});
