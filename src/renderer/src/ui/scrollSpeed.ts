/**
 * Whether a scroller is flung faster than thumbnails can follow. While it is,
 * tiles entering the view wait with their placeholder instead of fetching and
 * decoding a thumbnail that would leave the screen a few frames later; once the
 * scroll slows down or stops, the tiles in view load theirs.
 */

/** Faster than this (pixels per millisecond: 2 = a screen of 900 px in under half a second) counts as a fling. */
export const FAST_PX_PER_MS = 2;
/** With no scroll event for this long, the scroller has stopped. */
export const SETTLE_MS = 120;

export class ScrollSpeed {
  private lastTop = 0;
  private lastTime = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private fast = false;

  /** `onChange` is told when the scroller starts or stops being fast. */
  constructor(private readonly onChange: (fast: boolean) => void) {}

  /** Feeds a scroll position; call it from the scroll event. */
  scrolled(top: number, now: number): void {
    const elapsed = now - this.lastTime;
    // Speed over the last event only: a fling shows at once, and a slowdown too.
    const speed = elapsed > 0 ? Math.abs(top - this.lastTop) / elapsed : 0;
    this.lastTop = top;
    this.lastTime = now;
    this.set(elapsed > 0 && elapsed < SETTLE_MS && speed > FAST_PX_PER_MS);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.set(false), SETTLE_MS);
  }

  dispose(): void {
    clearTimeout(this.timer);
  }

  private set(fast: boolean): void {
    if (fast === this.fast) return;
    this.fast = fast;
    this.onChange(fast);
  }
}
