/** When the results grid counts as flung (thumbnails wait) and when it has settled (they load). */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FAST_PX_PER_MS, ScrollSpeed, SETTLE_MS } from '../../src/renderer/src/ui/scrollSpeed';

describe('ScrollSpeed', () => {
  let changes: boolean[];
  let speed: ScrollSpeed;

  beforeEach(() => {
    vi.useFakeTimers();
    changes = [];
    speed = new ScrollSpeed((fast) => changes.push(fast));
  });
  afterEach(() => {
    speed.dispose();
    vi.useRealTimers();
  });

  it('calls a fling fast at once, and settled once the events stop', () => {
    speed.scrolled(0, 1000);
    speed.scrolled(240, 1016);
    expect(changes).toEqual([true]);
    speed.scrolled(480, 1032);
    expect(changes).toEqual([true]);
    vi.advanceTimersByTime(SETTLE_MS - 1);
    expect(changes).toEqual([true]);
    vi.advanceTimersByTime(1);
    expect(changes).toEqual([true, false]);
  });

  it('lets a reading pace load thumbnails as it goes', () => {
    const step = Math.floor(FAST_PX_PER_MS * 16) - 8;
    for (let i = 0; i < 20; i++) speed.scrolled(i * step, 1000 + i * 16);
    vi.runAllTimers();
    expect(changes).toEqual([]);
  });

  it('counts a fling that slows down as settled before it stops', () => {
    speed.scrolled(0, 1000);
    speed.scrolled(300, 1016);
    speed.scrolled(310, 1032);
    expect(changes).toEqual([true, false]);
  });

  it('takes a jump after a pause (End, a click on the scroll bar) for a move, not a fling', () => {
    speed.scrolled(0, 1000);
    speed.scrolled(4_000_000, 1000 + SETTLE_MS + 50);
    expect(changes).toEqual([]);
  });
});
