import { ConsistencyLevelEnum } from '@zilliz/milvus2-sdk-node';
import { describe, expect, it } from 'vitest';
import { ReadLevel } from '../../src/main/core/vectors/milvus/readLevel';

const { Strong, Bounded } = ConsistencyLevelEnum;

describe('the consistency level of Milvus searches', () => {
  function clock() {
    let t = 1_000_000;
    return { now: () => t, advance: (ms: number) => (t += ms) };
  }

  it('is Strong until a first search has answered, then Bounded', () => {
    const c = clock();
    const reads = new ReadLevel(10_000, c.now);
    expect(reads.forSearch('a')).toBe(Strong);
    expect(reads.forSearch('a')).toBe(Strong); // the first never answered (it failed, say)
    reads.answered('a');
    expect(reads.forSearch('a')).toBe(Bounded);
    expect(reads.forSearch('b')).toBe(Strong); // per collection
  });

  it('is Strong for as long as this client’s own writes may be younger than the server’s bound', () => {
    const c = clock();
    const reads = new ReadLevel(10_000, c.now);
    reads.answered('a');
    reads.wrote('a');
    expect(reads.forSearch('a')).toBe(Strong);
    c.advance(9_999);
    expect(reads.forSearch('a')).toBe(Strong);
    c.advance(1);
    expect(reads.forSearch('a')).toBe(Bounded);
    expect(reads.forSearch('b')).toBe(Strong); // b never answered
  });

  it('starts over for a collection that was dropped', () => {
    const c = clock();
    const reads = new ReadLevel(10_000, c.now);
    reads.answered('a');
    expect(reads.forSearch('a')).toBe(Bounded);
    reads.forget('a');
    expect(reads.forSearch('a')).toBe(Strong);
  });
});
