/**
 * The encoder pool frees the encoder of a model no longer in use, once its calls in flight are
 * answered, and a model used again afterwards gets a working encoder: onnxruntime-node, pinned in
 * the process, loads again in a new worker thread after the old one ended.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EncoderPool } from '../../src/main/core/clip/encoderPool';
import type { ModelDescriptor } from '../../src/shared/types';
import { fixtureEncoder } from '../helpers/encoder';
import { COLOR_MODEL, IMAGES, TINY_MODEL } from '../helpers/paths';

const tiny: ModelDescriptor = { id: 'tiny', name: 'tiny', dim: 512, dir: TINY_MODEL };
const color: ModelDescriptor = { id: 'color', name: 'color', dim: 512, dir: COLOR_MODEL };

describe('EncoderPool', () => {
  const pool = new EncoderPool((model) => fixtureEncoder(model.dir, model.id));
  afterAll(() => pool.close());

  it('closes a retired model’s encoder after its call in flight, and starts it afresh when used again', async () => {
    const [before] = await pool.get(tiny).embedTexts(['a red square']);
    expect(before).toHaveLength(512);
    await pool.get(color).ready();
    expect(pool.loaded().sort()).toEqual(['color', 'tiny']);

    // A call in flight on the retired model is answered, and only then is its encoder closed.
    const inFlight = pool.get(tiny).embedImages([path.join(IMAGES, 'coffee.png')]);
    pool.retire(new Set(['color']));
    expect(pool.loaded().sort()).toEqual(['color', 'tiny']);
    const { outcomes, vectors } = await inFlight;
    expect(outcomes[0]!.ok).toBe(true);
    expect(vectors[0]).toHaveLength(512);
    expect(pool.loaded()).toEqual(['color']);

    // Used again, the model loads in a new worker thread and gives the same vector as before.
    const [again] = await pool.get(tiny).embedTexts(['a red square']);
    expect(Array.from(again!)).toEqual(Array.from(before!));
    expect(pool.loaded().sort()).toEqual(['color', 'tiny']);
  }, 120_000);

  it('serves a caller that kept a closed encoder through the pool, starting no worker outside it', async () => {
    const kept = pool.get(tiny);
    await kept.ready();
    pool.retire(new Set(['color']));
    expect(pool.loaded()).toEqual(['color']);
    const [vector] = await kept.embedTexts(['a blue circle']);
    expect(vector).toHaveLength(512);
    // The call went to a fresh encoder the pool holds (and will close when told to).
    expect(pool.loaded().sort()).toEqual(['color', 'tiny']);
    pool.retire(new Set(['color']));
    expect(pool.loaded()).toEqual(['color']);
  }, 120_000);
});
