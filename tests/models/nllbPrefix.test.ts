/**
 * NLLB-SigLIP models read the query's language as its FLORES-200 code before the text, as Immich's
 * OpenClipTextualEncoder puts it there. Checked on a random-weight NLLB-shaped fixture in Immich's
 * layout (its tokenizer.json saved by transformers' NllbTokenizerFast) against the ids and embeddings
 * Immich's steps give, for queries in several languages, with a region, unknown and without one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClipEncoder } from '../../src/main/core/clip/encoderClient';
import { floresCode } from '../../src/main/core/clip/floresCodes';
import { readModelSpec } from '../../src/main/core/clip/modelConfig';
import { loadJsonTokenizer } from '../../src/main/core/clip/textTokenizer';
import { cosine } from '../../src/main/core/vectors/embedded/scoring';
import { fixtureEncoder } from '../helpers/encoder';
import { SHARED } from '../helpers/paths';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const NLLB = path.join(FIXTURES, 'nllb-immich');

interface Reference {
  images: Array<{ image: string; embedding: number[] }>;
  texts: Array<{ text: string; language: string | null; flores: string | null; ids: number[]; embedding: number[] }>;
}

const reference = JSON.parse(fs.readFileSync(path.join(NLLB, 'reference.json'), 'utf8')) as Reference;
const language = (t: Reference['texts'][number]) => t.language ?? undefined;

describe('the FLORES-200 code of a language tag', () => {
  it('is found by the tag, by its language without the region, else English', () => {
    expect(floresCode('zh-CN')).toBe('zho_Hans');
    expect(floresCode('zh-TW')).toBe('zho_Hant');
    expect(floresCode('zh')).toBe('zho_Hans');
    expect(floresCode('fr-CA')).toBe('fra_Latn');
    expect(floresCode('pt-BR')).toBe('por_Latn');
    expect(floresCode('ko')).toBe('kor_Hang');
    expect(floresCode('xx-YY')).toBe('eng_Latn');
  });

  it('drops one subtag at a time from a longer tag, so Traditional Chinese stays Traditional', () => {
    expect(floresCode('zh-Hant-TW')).toBe('zho_Hant');
    expect(floresCode('zh-Hans-SG')).toBe('zho_Hans');
    expect(floresCode('zh-HK')).toBe('zho_Hant');
    expect(floresCode('sr-Cyrl-RS')).toBe('srp_Cyrl');
    expect(floresCode('de-CH-1996')).toBe('deu_Latn');
  });

  it('forgives case and a POSIX underscore', () => {
    expect(floresCode('ZH_tw')).toBe('zho_Hant');
    expect(floresCode('ru_RU')).toBe('rus_Cyrl');
  });

  it("is a language token of NLLB's tokenizer for Japanese and Latvian, where Immich's table is not", async () => {
    const spec = readModelSpec(NLLB);
    const tokenizer = await loadJsonTokenizer(spec.tokenizerFile!, spec.text);
    const bare = tokenizer.encodeBatch(['']);
    for (const tag of ['ja', 'lv']) {
      // One token more than the empty text alone: the code is one special token, not stray letters.
      const { ids, mask } = tokenizer.encodeBatch([''], tag);
      expect(mask.filter((m) => m === 1).length, tag).toBe(bare.mask.filter((m) => m === 1).length + 1);
      expect(ids.slice(0, 3), tag).not.toEqual(bare.ids.slice(0, 3));
    }
  });
});

describe('an NLLB model in Immich’s layout', () => {
  let encoder: ClipEncoder;
  beforeAll(() => {
    encoder = fixtureEncoder(NLLB);
  });
  afterAll(() => encoder.close());

  it('is known by its text tower, and only it takes the language prefix', () => {
    expect(readModelSpec(NLLB).text.languagePrefix).toBe('flores-200');
    for (const other of ['xlmr-immich', 'siglip-immich', 'siglip-hf']) {
      expect(readModelSpec(path.join(FIXTURES, other)).text.languagePrefix, other).toBeUndefined();
    }
  });

  it('tokenizes each query, its language code first, to the ids Immich gives', async () => {
    const spec = readModelSpec(NLLB);
    const tokenizer = await loadJsonTokenizer(spec.tokenizerFile!, spec.text);
    for (const t of reference.texts) {
      const { ids, mask, padId } = tokenizer.encodeBatch([t.text], language(t));
      const real = ids.filter((_, i) => mask[i] === 1);
      expect(real, `${JSON.stringify(t.text)} in ${t.language}`).toEqual(t.ids.slice(0, real.length));
      expect(t.ids.slice(real.length).every((id) => id === padId)).toBe(true);
    }
    expect(reference.texts.some((t) => t.text.length > 500)).toBe(true);
  });

  it('embeds each query in its language with cosine >= 0.999 to the reference', async () => {
    for (const t of reference.texts) {
      const [vector] = await encoder.embedTexts([t.text], language(t));
      expect(cosine(vector!, t.embedding), `${JSON.stringify(t.text)} in ${t.language}`).toBeGreaterThanOrEqual(0.999);
    }
  });

  it('gives every query of a batch its language', async () => {
    const english = reference.texts.filter((t) => t.flores === 'eng_Latn');
    expect(english.length).toBeGreaterThan(1);
    const vectors = await encoder.embedTexts(
      english.map((t) => t.text),
      'en',
    );
    english.forEach((t, i) => expect(cosine(vectors[i]!, t.embedding), t.language!).toBeGreaterThanOrEqual(0.999));
  });

  it('misses the reference without the prefix: the language changes the vector', async () => {
    const withLanguage = reference.texts.filter((t) => t.flores !== null);
    expect(withLanguage.length).toBeGreaterThan(10);
    for (const t of withLanguage) {
      const [bare] = await encoder.embedTexts([t.text]);
      expect(cosine(bare!, t.embedding), `${JSON.stringify(t.text)} in ${t.language}`).toBeLessThan(0.999);
    }
  });

  it('embeds every reference image with cosine >= 0.999', async () => {
    const { outcomes, vectors } = await encoder.embedImages(reference.images.map((r) => path.join(SHARED, r.image)));
    expect(outcomes.every((o) => o.ok)).toBe(true);
    reference.images.forEach((r, i) => expect(cosine(vectors[i]!, r.embedding), r.image).toBeGreaterThanOrEqual(0.999));
  });
});

describe('a model without a language prefix', () => {
  it('gives a query the same vector whatever its language', async () => {
    const encoder = fixtureEncoder(path.join(FIXTURES, 'xlmr-immich'));
    try {
      const [plain] = await encoder.embedTexts(['红色的汽车']);
      const [tagged] = await encoder.embedTexts(['红色的汽车'], 'zh-CN');
      expect(Array.from(tagged!)).toEqual(Array.from(plain!));
    } finally {
      await encoder.close();
    }
  });
});
