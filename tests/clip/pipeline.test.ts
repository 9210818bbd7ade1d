/**
 * The pipelined encoder worker (decode on libuv threads, vision on its own
 * thread, text on the worker's thread) against the PyTorch reference of the
 * tiny random CLIP: several batches in flight at once each get their own
 * images' vectors, and a broken image inside a batch is skipped with its reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClipEncoder } from '../../src/main/core/clip/encoderClient';
import { visionBatchSize } from '../../src/main/core/clip/modelFiles';
import { cosine } from '../../src/main/core/vectors/embedded/scoring';
import { fixtureEncoder } from '../helpers/encoder';
import { IMAGES, SHARED, TINY_MODEL } from '../helpers/paths';

interface Reference {
  images: Array<{ image: string; image_embeds: number[] }>;
}
const reference = JSON.parse(fs.readFileSync(path.join(TINY_MODEL, 'reference.json'), 'utf8')) as Reference;

describe('pipelined encoder on the tiny random CLIP', () => {
  let encoder: ClipEncoder;
  beforeAll(() => {
    encoder = fixtureEncoder(TINY_MODEL);
  });
  afterAll(() => encoder.close());

  it('sizes batches for the provider it runs on', async () => {
    const { provider } = await encoder.ready();
    expect(await encoder.batchSize()).toBe(visionBatchSize(provider));
  });

  it('keeps each of several concurrent batches to its own images, a broken one skipped with its reason', async () => {
    const refs = reference.images;
    const broken = path.join(IMAGES, 'truncated.jpg');
    // Three batches in flight at once, in different orders, the broken file in the middle of one.
    const orders = [
      refs.map((_, i) => i),
      refs.map((_, i) => refs.length - 1 - i),
      refs.map((_, i) => (i * 5) % refs.length),
    ];
    const batches = orders.map((order, b) => {
      const paths = order.map((i) => path.join(SHARED, refs[i]!.image));
      if (b === 1) paths.splice(2, 0, broken);
      return paths;
    });
    const results = await Promise.all(batches.map((paths) => encoder.embedImages(paths)));
    results.forEach((result, b) => {
      const order = [...orders[b]!];
      if (b === 1) order.splice(2, 0, -1);
      order.forEach((i, k) => {
        if (i < 0) {
          expect(result.outcomes[k]).toEqual({ ok: false, reason: 'corrupt or truncated image' });
          expect(result.vectors[k]).toBeNull();
          return;
        }
        expect(result.outcomes[k]!.ok).toBe(true);
        expect(cosine(result.vectors[k]!, refs[i]!.image_embeds), refs[i]!.image).toBeGreaterThanOrEqual(0.999);
      });
      expect(result.timings!.encodeMs).toBeGreaterThan(0);
      expect(result.timings!.decodeMs).toBeGreaterThan(0);
    });
  });

  it('gives an image the same vector in a batch as on its own', async () => {
    const paths = reference.images.slice(0, 6).map((r) => path.join(SHARED, r.image));
    const batch = await encoder.embedImages(paths);
    for (const [i, p] of paths.entries()) {
      const single = await encoder.embedImages([p]);
      expect(cosine(single.vectors[0]!, batch.vectors[i]!)).toBeGreaterThan(0.99999);
    }
  });
});
