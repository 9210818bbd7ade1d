/** Where images land when a collection is reordered in the grid, as `atelier collection move` would put them. */
import { describe, expect, it } from 'vitest';
import { beforeForDrop, beforeForIndex, reordered } from '../../src/renderer/src/features/collections/collectionOrder';

const images = ['a', 'b', 'c', 'd'].map((path) => ({ path }));
const order = (list: Array<{ path: string }>) => list.map((i) => i.path).join('');

describe('reordering a collection in the grid', () => {
  it('puts the moved images, in the order shown, before another or at the end', () => {
    expect(order(reordered(images, ['d', 'b'], 'a'))).toBe('bdac');
    expect(order(reordered(images, ['a'], null))).toBe('bcda');
    expect(order(reordered(images, ['c'], 'c'))).toBe('abdc');
  });

  it('names the image to go before for a keyboard step', () => {
    expect(beforeForIndex(images, 'a', 1)).toBe('c');
    expect(beforeForIndex(images, 'c', 3)).toBeNull();
    expect(beforeForIndex(images, 'c', 1)).toBe('b');
    expect(order(reordered(images, ['a'], beforeForIndex(images, 'a', 1)))).toBe('bacd');
  });

  it('puts a drop on the first half before the target and on the second half after it; on itself, nowhere', () => {
    expect(beforeForDrop(images, ['a'], 'c', false)).toBe('c');
    expect(beforeForDrop(images, ['a'], 'c', true)).toBe('d');
    expect(beforeForDrop(images, ['a', 'b'], 'd', true)).toBeNull();
    expect(beforeForDrop(images, ['a', 'b'], 'b', true)).toBeUndefined();
  });
});
