/**
 * Both model layouts (Hugging Face ONNX, Immich) through the whole pipeline (worker, tokenizer.json,
 * preprocessing from the model's config, ONNX Runtime) against the token ids and embeddings that
 * transformers' processors and Immich's own steps give for the same random-weight fixtures.
 */
import fs from 'node:fs';
import path from 'node:path';
import ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClipEncoder } from '../../src/main/core/clip/encoderClient';
import { readModelSpec } from '../../src/main/core/clip/modelConfig';
import { loadJsonTokenizer } from '../../src/main/core/clip/textTokenizer';
import { cosine } from '../../src/main/core/vectors/embedded/scoring';
import { fixtureEncoder } from '../helpers/encoder';
import { SHARED } from '../helpers/paths';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');

interface Reference {
  images: Array<{ image: string; embedding: number[] }>;
  texts: Array<{ text: string; ids: number[]; embedding: number[] }>;
}

const CASES = [
  { name: 'siglip-hf', layout: 'huggingface', size: 256, padding: 'max_length' },
  { name: 'siglip-immich', layout: 'immich', size: 256, padding: 'max_length' },
  { name: 'xlmr-immich', layout: 'immich', size: 224, padding: 'longest' },
  // Immich's real exports fix the batch at one and the text at its full context.
  { name: 'xlmr-immich-fixed', layout: 'immich', size: 224, padding: 'longest' },
  { name: 'color-multilingual', layout: 'immich', size: 224, padding: 'longest' },
] as const;

describe.each(CASES)('$name parity with its reference', ({ name, layout, size, padding }) => {
  const dir = path.join(FIXTURES, name);
  const reference = JSON.parse(fs.readFileSync(path.join(dir, 'reference.json'), 'utf8')) as Reference;
  let encoder: ClipEncoder;
  beforeAll(() => {
    encoder = fixtureEncoder(dir);
  });
  afterAll(() => encoder.close());

  // Only Immich's fixed-shape export has this property to check; the other fixtures take any batch.
  if (name.endsWith('-fixed'))
    it('is a graph of fixed shapes: one image, one 77-token text', async () => {
      const shapes = async (rel: string) =>
        (await ort.InferenceSession.create(path.join(dir, rel))).inputMetadata.map((m) => (m.isTensor ? m.shape : []));
      expect(await shapes('visual/model.onnx')).toEqual([[1, 3, 224, 224]]);
      expect(await shapes('textual/model.onnx')).toEqual([
        [1, 77],
        [1, 77],
      ]);
    });

  it('reads its layout, image size and padding from its own config', () => {
    const spec = readModelSpec(dir);
    expect(spec.layout).toBe(layout);
    expect(spec.image.size).toBe(size);
    expect(spec.text.padding).toBe(padding);
  });

  it('tokenizes every reference text to the reference ids (padding aside where the model ignores it)', async () => {
    const spec = readModelSpec(dir);
    const tokenizer = await loadJsonTokenizer(spec.tokenizerFile!, spec.text);
    for (const t of reference.texts) {
      const { ids, mask, cols } = tokenizer.encodeBatch([t.text]);
      const real = ids.filter((_, i) => mask[i] === 1);
      const want = padding === 'max_length' ? t.ids : t.ids.slice(0, real.length);
      expect(padding === 'max_length' ? ids : real, JSON.stringify(t.text)).toEqual(want);
      expect(cols).toBeLessThanOrEqual(spec.text.contextLength);
    }
    expect(reference.texts.some((t) => t.text.length > 500)).toBe(true);
  });

  it('embeds every reference image with cosine >= 0.999', async () => {
    const { outcomes, vectors } = await encoder.embedImages(reference.images.map((r) => path.join(SHARED, r.image)));
    expect(outcomes.every((o) => o.ok)).toBe(true);
    reference.images.forEach((r, i) => {
      expect(cosine(vectors[i]!, r.embedding), r.image).toBeGreaterThanOrEqual(0.999);
    });
  });

  it('embeds every reference text, empty, non-ASCII and over-long ones included, with cosine >= 0.999', async () => {
    const vectors = await encoder.embedTexts(reference.texts.map((t) => t.text));
    reference.texts.forEach((t, i) => {
      expect(cosine(vectors[i]!, t.embedding), JSON.stringify(t.text)).toBeGreaterThanOrEqual(0.999);
    });
  });
});
