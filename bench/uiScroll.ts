/**
 * Frame times while scrolling a grid of results, measured inside the page: each
 * animation frame moves the grid by a fixed number of pixels, as a fling or a
 * wheel would, and the time between frames is recorded. Then, with the grid at
 * rest, how long until every tile on screen shows its thumbnail.
 */
import type { Page } from 'playwright-core';

export interface ScrollRun {
  frames: number[];
  maxNodes: number;
  scrollHeight: number;
  /** From the last scroll step to every visible tile's thumbnail decoded. */
  settledMs: number;
}

export async function measureScroll(page: Page, frames: number, px: number): Promise<ScrollRun> {
  return await page.evaluate<ScrollRun>(`new Promise((resolve) => {
    const grid = document.querySelector('[role="listbox"][aria-label="Results"]');
    grid.scrollTop = 0;
    const times = [];
    let last = performance.now();
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
      if (shown) return resolve({ frames: times.slice(1), maxNodes, scrollHeight: grid.scrollHeight, settledMs: performance.now() - stoppedAt });
      requestAnimationFrame(() => settled(stoppedAt));
    };
    const step = () => {
      const now = performance.now();
      times.push(now - last);
      last = now;
      grid.scrollTop += ${px};
      maxNodes = Math.max(maxNodes, grid.querySelectorAll('[role="option"]').length);
      if (++n < ${frames}) requestAnimationFrame(step);
      else settled(performance.now());
    };
    requestAnimationFrame(step);
  })`);
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
  const slow = run.frames.filter((x) => x > 33.4).length;
  return (
    `${label}: frame p50 ${ms(f.p50)} p95 ${ms(f.p95)} p99 ${ms(f.p99)} max ${ms(f.max)}; ` +
    `${slow} over 33 ms; thumbnails on screen ${ms(run.settledMs)} after stopping`
  );
}
