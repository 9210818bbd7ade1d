/**
 * Search stays prompt while a library indexes: a text query runs on the
 * encoder worker's own thread while the vision thread encodes an image batch,
 * so it is answered before that batch. (One encoder per file: onnxruntime-node
 * cannot be loaded again in a process after a thread that loaded it ended.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClipEncoder } from '../../src/main/core/clip/encoderClient';
import { fixtureEncoder } from '../helpers/encoder';
import { COLOR_MODEL, IMAGES } from '../helpers/paths';

describe('text queries during image batches (color model)', () => {
  let encoder: ClipEncoder;
  beforeAll(() => {
    encoder = fixtureEncoder(COLOR_MODEL);
  });
  afterAll(() => encoder.close());

  it('answers a text query while a long image batch is still being encoded', async () => {
    await encoder.ready();
    const photos = fs
      .readdirSync(IMAGES)
      .filter((f) => /\.(png|jpg)$/.test(f) && f !== 'truncated.jpg')
      .map((f) => path.join(IMAGES, f));
    const big = Array.from({ length: 24 }, (_, i) => photos[i % photos.length]!);
    const order: string[] = [];
    // The first batch's encoding overlaps the second's decoding; once the first returns, the
    // second is decoded and on the vision thread (or queued for it). A text query sent then
    // must not wait for it.
    const first = encoder.embedImages(big);
    const second = encoder.embedImages(big).then((r) => {
      order.push('images');
      return r;
    });
    await first;
    const text = encoder.embedTexts(['red']).then((v) => {
      order.push('text');
      return v;
    });
    const [vectors, images] = await Promise.all([text, second]);
    expect(vectors[0]).toHaveLength(512);
    expect(images.outcomes.every((o) => o.ok)).toBe(true);
    expect(order).toEqual(['text', 'images']);
  }, 180_000); // the colour model is slow per image: two batches take a while on a busy CPU
});
