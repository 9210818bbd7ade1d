import { describe, expect, it } from 'vitest';
import { topK } from '../../src/main/core/search/topK';

describe('topK', () => {
  it('matches a full sort on random scores', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    const scores = Float32Array.from({ length: 5000 }, rand);
    const expected = [...scores.keys()].sort((a, b) => scores[b]! - scores[a]!).slice(0, 25);
    expect(topK(scores, 25)).toEqual(expected);
  });

  it('applies the filter and handles k larger than the input', () => {
    const scores = Float32Array.from([0.1, 0.9, 0.5, 0.7]);
    expect(topK(scores, 10, (i) => i !== 1)).toEqual([3, 2, 0]);
    expect(topK(scores, 0)).toEqual([]);
  });
});
