/**
 * Frame times while scrolling a grid of results, measured inside the page: each
 * animation frame moves the grid by a fixed number of pixels, as a fling or a
 * wheel would, and the time between frames is recorded. Then, with the grid at
 * rest, how long until every tile on screen shows its thumbnail.
 *
 * A frame's time is the time between the frames the display shows, read from
 * the frame timestamps Chromium hands each animation frame callback, in whole
 * refresh intervals of the display (measured at rest first): a frame is on
 * time (one interval), or one, two… intervals late. When the callback itself
 * starts within its frame is not a frame time: other tasks (a thumbnail
 * arriving, the machine's other processes) delay one callback by a few
 * milliseconds and the next one then starts as much earlier, while both frames
 * are drawn on their refresh, as a Chromium trace shows (every frame
 * presented, where the gaps between callback starts said 20 ms and more); an
 * empty page scrolled the same way already has a p95 of those gaps over
 * 17 ms. They are still reported beside, as `callback start`.
 */
import type { Page } from 'playwright-core';

export interface ScrollRun {
  /** Each frame's time, a whole number of refresh intervals. */
  frames: number[];
  /** The time between the starts of consecutive animation frame callbacks. */
  callbackGaps: number[];
  /** The display's refresh interval, measured over frames at rest. */
  refreshMs: number;
  maxNodes: number;
  scrollHeight: number;
  /** From the last scroll step to every visible tile's thumbnail decoded. */
  settledMs: number;
}

/** Frames at rest over which the refresh interval is measured. */
const REST_FRAMES = 30;

export async function measureScroll(page: Page, frames: number, px: number): Promise<ScrollRun> {
  const raw = await page.evaluate<Omit<ScrollRun, 'frames' | 'refreshMs'> & { gaps: number[]; rest: number[] }>(
    `new Promise((resolve) => {
    const grid = document.querySelector('[role="listbox"][aria-label="Results"]');
    grid.scrollTop = 0;
    const rest = [];
    const gaps = [];
    const callbackGaps = [];
    let lastFrame = null;
    let lastStart = 0;
    let n = 0;
    let maxNodes = 0;
    const settled = (stoppedAt) => {
      const box = grid.getBoundingClientRect();
      const visible = [...grid.querySelectorAll('[role="option"]')].filter((tile) => {
        const r = tile.getBoundingClientRect();
        return r.bottom > box.top && r.top < box.bottom;
      });
      const shown = visible.every((tile) => {
        const img = tile.querySelector('img');
        return img && img.complete && img.naturalWidth > 0;
      });
      if (shown) return resolve({ gaps, rest, callbackGaps, maxNodes, scrollHeight: grid.scrollHeight, settledMs: performance.now() - stoppedAt });
      requestAnimationFrame(() => settled(stoppedAt));
    };
    const step = (frameTime) => {
      const start = performance.now();
      // The first step's gaps reach back to the last frame at rest: not a scroll frame's.
      if (n > 0) {
        gaps.push(frameTime - lastFrame);
        callbackGaps.push(start - lastStart);
      }
      lastFrame = frameTime;
      lastStart = start;
      grid.scrollTop += ${px};
      maxNodes = Math.max(maxNodes, grid.querySelectorAll('[role="option"]').length);
      if (++n < ${frames}) requestAnimationFrame(step);
      else settled(performance.now());
    };
    const atRest = (frameTime) => {
      if (lastFrame !== null) rest.push(frameTime - lastFrame);
      lastFrame = frameTime;
      if (rest.length < ${REST_FRAMES}) requestAnimationFrame(atRest);
      else requestAnimationFrame(step);
    };
    requestAnimationFrame(atRest);
  })`,
  );
  const { gaps, rest, ...run } = raw;
  // The mean of the gaps near the median: a frame at rest that came late is left out, and
  // the timestamps' coarsening to 0.1 ms evens out.
  const median = stats(rest).p50;
  const near = rest.filter((gap) => Math.abs(gap - median) < median / 4);
  const refreshMs = near.reduce((sum, gap) => sum + gap, 0) / near.length;
  return { ...run, refreshMs, frames: gaps.map((gap) => Math.max(1, Math.round(gap / refreshMs)) * refreshMs) };
}

export const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { n: s.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: s.at(-1)! };
};

export const ms = (n: number) => `${n.toFixed(1)} ms`;

/** One line of results for a run. */
export function describeRun(label: string, run: ScrollRun): string {
  const f = stats(run.frames);
  const late = run.frames.filter((x) => x > run.refreshMs * 1.5).length;
  const c = stats(run.callbackGaps);
  return (
    `${label}: frame p50 ${ms(f.p50)} p95 ${ms(f.p95)} p99 ${ms(f.p99)} max ${ms(f.max)}; ` +
    `${late} of ${f.n} late (refresh ${ms(run.refreshMs)}); callback start p50 ${ms(c.p50)} p95 ${ms(c.p95)}; ` +
    `thumbnails on screen ${ms(run.settledMs)} after stopping`
  );
}
