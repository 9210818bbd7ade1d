/**
 * The whole pipeline (file or text in, vector out, through the worker and ONNX
 * Runtime) against the embeddings PyTorch computed for the tiny random CLIP.
 */
import fs from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClipEncoder } from '../../src/main/core/clip/encoderClient';
import { cosine } from '../../src/main/core/vectors/embedded/scoring';
import { fixtureEncoder } from '../helpers/encoder';
import { SHARED, TINY_MODEL } from '../helpers/paths';

interface Reference {
  images: Array<{ image: string; image_embeds: number[] }>;
  texts: Array<{ text: string; text_embeds: number[] }>;
}

const reference = JSON.parse(fs.readFileSync(path.join(TINY_MODEL, 'reference.json'), 'utf8')) as Reference;

describe('tiny-random CLIP parity with the PyTorch reference', () => {
  let encoder: ClipEncoder;
  beforeAll(() => {
    encoder = fixtureEncoder(TINY_MODEL);
  });
  afterAll(() => encoder.close());

  it('reports the execution provider it runs on', async () => {
    const report = await encoder.ready();
    expect(report.provider).toBe('cpu');
    expect(report.requested).toEqual(['cpu']);
    expect(report.threads).toBe(Math.max(1, availableParallelism()));
  });

  it('runs the vision session on as many threads as it is given, to the same vectors', async () => {
    const one = fixtureEncoder(TINY_MODEL, undefined, { visionThreads: 1 });
    try {
      expect(await one.ready()).toMatchObject({ provider: 'cpu', threads: 1 });
      const r = reference.images[0]!;
      const { vectors } = await one.embedImages([path.join(SHARED, r.image)]);
      expect(cosine(vectors[0]!, r.image_embeds)).toBeGreaterThanOrEqual(0.999);
    } finally {
      await one.close();
    }
  });

  it('embeds every reference image with cosine >= 0.999', async () => {
    const paths = reference.images.map((r) => path.join(SHARED, r.image));
    const { outcomes, vectors } = await encoder.embedImages(paths);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    reference.images.forEach((r, i) => {
      const v = vectors[i]!;
      expect(cosine(v, r.image_embeds), r.image).toBeGreaterThanOrEqual(0.999);
      expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    });
  });

  it('embeds every reference text with cosine >= 0.9999, padded to the longest in the batch', async () => {
    const vectors = await encoder.embedTexts(reference.texts.map((t) => t.text));
    reference.texts.forEach((t, i) => {
      expect(cosine(vectors[i]!, t.text_embeds), t.text).toBeGreaterThanOrEqual(0.9999);
    });
    // One at a time (no padding beyond the text itself) gives the same vectors.
    const [single] = await encoder.embedTexts([reference.texts[0]!.text]);
    expect(cosine(single!, vectors[0]!)).toBeGreaterThan(0.99999);
  });

  it('fails a batch item with a reason, not the batch', async () => {
    const good = path.join(SHARED, reference.images[0]!.image);
    const broken = path.join(SHARED, 'images', 'truncated.jpg');
    const { outcomes, vectors } = await encoder.embedImages([good, broken]);
    expect(outcomes[0]!.ok).toBe(true);
    expect(outcomes[1]).toMatchObject({ ok: false });
    expect(vectors[1]).toBeNull();
    expect(cosine(vectors[0]!, reference.images[0]!.image_embeds)).toBeGreaterThan(0.999);
  });
});
