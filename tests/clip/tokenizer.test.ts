import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TextSpec } from '../../src/main/core/clip/modelConfig';
import { loadClipTokenizer } from '../../src/main/core/clip/textTokenizer';
import { ClipTokenizer, truncateToContext } from '../../src/main/core/clip/tokenizer';
import { CLIP_FIXTURES, RESOURCES } from '../helpers/paths';

interface TokenizerCase {
  text: string;
  ids: number[];
  ids77_truncated: number[];
  too_long: boolean;
}

const fixture = JSON.parse(readFileSync(path.join(CLIP_FIXTURES, 'tokenizer_cases.json'), 'utf8')) as {
  sot: number;
  eot: number;
  context_length: number;
  cases: TokenizerCase[];
};

function padTo(ids: number[], length: number): number[] {
  return [...ids, ...new Array<number>(length - ids.length).fill(0)];
}

let tokenizer: ClipTokenizer;

beforeAll(async () => {
  tokenizer = await ClipTokenizer.load(path.join(CLIP_FIXTURES, 'bpe_simple_vocab_16e6.txt.gz'));
});

describe('ClipTokenizer against reference tokenizations', () => {
  it('has the reference special ids', () => {
    expect(tokenizer.sot).toBe(fixture.sot);
    expect(tokenizer.eot).toBe(fixture.eot);
  });

  it('covers every fixture case', () => {
    expect(fixture.cases).toHaveLength(24);
    expect(fixture.cases.some((c) => c.too_long)).toBe(true);
  });

  describe.each(fixture.cases.map((c) => [JSON.stringify(c.text), c] as const))('%s', (_name, c) => {
    it('encodes to the reference ids', () => {
      expect(tokenizer.encode(c.text)).toEqual(c.ids);
    });

    it('truncates and pads to 77 like the reference', () => {
      const ctx = fixture.context_length;
      const truncated = truncateToContext(tokenizer.encode(c.text), ctx);
      expect(padTo(truncated, ctx)).toEqual(c.ids77_truncated);
      expect(c.ids.length > ctx).toBe(c.too_long);
    });
  });
});

// Not in the fixture: ids from simple_tokenizer.py itself (NFC instead of ftfy) under
// Python 3.11 + `regex`, pinning the spots where Python and JS semantics differ.
describe('ClipTokenizer Python-compatibility quirks', () => {
  it.each([
    ['U+001C is stripped at the edges but punctuation inside', 'a\u001cb\u001c', [320, 472, 321]],
    ['U+FEFF is not whitespace', 'caf\ufeffe', [20867, 171, 119, 379, 324]],
    ['U+0085 is whitespace', '\u0085red\u0085cat\u0085', [736, 2368]],
    ['U+0345 matches no pattern branch and is dropped', '\u01f0\u01f0\u0345x', [131, 108, 131, 364, 343]],
    ['numeric references follow html.unescape', 'it&#1;s &#x81; &#65;', [902, 126, 479, 320]],
    ['double unescape', '&amp;lt;3', [283, 274]],
    ['a literal special token keeps its id', 'x<|endoftext|>y', [343, 49407, 344]],
  ])('%s', (_name, text, inner) => {
    expect(tokenizer.encode(text)).toEqual([49406, ...inner, 49407]);
  });
});

describe('the bundled CLIP tokenizer in batches (loadClipTokenizer)', () => {
  const VOCAB = path.join(RESOURCES, 'clip', 'bpe_simple_vocab_16e6.txt.gz');
  const spec = (contextLength: number): TextSpec => ({ contextLength, padding: 'longest', clean: 'none' });

  it('pads only to the longest row, with 0, and masks the padding', async () => {
    const batch = (await loadClipTokenizer(VOCAB, spec(77))).encodeBatch(['red', 'a photo of a cat']);
    expect(batch.rows).toBe(2);
    expect(batch.cols).toBe(7);
    expect(batch.ids).toEqual([...padTo(tokenizer.encode('red'), 7), ...tokenizer.encode('a photo of a cat')]);
    expect(batch.mask).toEqual([1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('truncates a too-long row to the context length, ending in end-of-text', async () => {
    const long = fixture.cases.find((c) => c.too_long)!;
    const short = fixture.cases.find((c) => c.text === 'a dog')!;
    const { ids, rows, cols } = (await loadClipTokenizer(VOCAB, spec(77))).encodeBatch([long.text, short.text]);
    expect(rows).toBe(2);
    expect(cols).toBe(77);
    expect(ids.slice(0, cols)).toEqual(long.ids77_truncated);
    expect(ids[76]).toBe(tokenizer.eot);
    expect(ids.slice(cols)).toEqual(short.ids77_truncated);
  });

  it('honours a smaller context length', async () => {
    const { ids, cols } = (await loadClipTokenizer(VOCAB, spec(4))).encodeBatch(['a photo of a cat']);
    expect(cols).toBe(4);
    expect(ids).toEqual([tokenizer.sot, 320, 1125, tokenizer.eot]);
  });
});

describe('shipped vocabulary', () => {
  it('loads from resources with 49408 ids and matches the fixture', async () => {
    const shipped = await ClipTokenizer.load(path.join(RESOURCES, 'clip', 'bpe_simple_vocab_16e6.txt.gz'));
    expect(shipped.vocabSize).toBe(49408);
    expect(shipped.sot).toBe(49406);
    expect(shipped.eot).toBe(49407);
    const c = fixture.cases[0]!;
    expect(shipped.encode(c.text)).toEqual(c.ids);
  });
});
