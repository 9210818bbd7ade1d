/**
 * The encoder worker's decode bound: real decodes of real photos, never more
 * at once than the limit, slots handed out first come, first served, and a
 * failed decode gives its slot back.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDecodeSlots, machineDecodeSlots } from '../../src/main/core/clip/decodeSlots';
import { preprocessImage } from '../../src/main/core/clip/preprocess';
import { IMAGES } from '../helpers/paths';

const PHOTOS = ['astronaut.png', 'chelsea.png', 'coffee.png', 'rocket.jpg', 'horse.png', 'camera.png'];

describe('decode slots', () => {
  it('never decodes more than the limit at once, and starts decodes in arrival order', async () => {
    const slots = createDecodeSlots(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const files = [...PHOTOS, ...PHOTOS].map((p) => path.join(IMAGES, p));
    const tensors = await Promise.all(
      files.map((file, i) =>
        slots.run(async () => {
          started.push(i);
          most = Math.max(most, ++running);
          try {
            return (await preprocessImage(file)).tensor;
          } finally {
            running--;
          }
        }),
      ),
    );
    expect(tensors).toHaveLength(files.length);
    expect(tensors.every((t) => t.length === 3 * 224 * 224)).toBe(true);
    expect(most).toBe(2);
    expect(slots.peak).toBe(2);
    expect(started).toEqual(files.map((_, i) => i));
  });

  it('gives the slot back when a decode fails', async () => {
    const slots = createDecodeSlots(1);
    const broken = slots.run(() => preprocessImage(path.join(IMAGES, 'truncated.jpg')));
    const next = slots.run(() => preprocessImage(path.join(IMAGES, 'rocket.jpg')));
    await expect(broken).rejects.toThrow(/corrupt or truncated/);
    expect((await next).format).toBe('jpeg');
  });

  it('is sized to the machine: at least two, at most the thread pool', () => {
    expect(machineDecodeSlots(1)).toBe(2);
    expect(machineDecodeSlots(2)).toBe(2);
    expect(machineDecodeSlots(64)).toBe(4);
    expect(machineDecodeSlots(64, 8)).toBe(8);
    expect(machineDecodeSlots(6, 8)).toBe(6);
  });
});
