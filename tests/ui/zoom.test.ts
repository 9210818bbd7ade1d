/** The preview's zoom arithmetic: fit, 1:1, zooming about the pointer, and a pan that never loses the image. */
import { describe, expect, it } from 'vitest';
import { actualSize, fitView, panBy, scaleLimits, zoomBy } from '../../src/renderer/src/features/preview/zoom';

const image = { width: 2000, height: 1000 };
const frame = { width: 1000, height: 800 };

describe('preview zoom', () => {
  it('fits the whole image, centred, and zooms no further out than the smaller of fit and 1:1', () => {
    expect(fitView(image, frame)).toEqual({ scale: 0.5, x: 0, y: 0 });
    expect(scaleLimits(image, frame)).toEqual({ min: 0.5, max: 8 });
    expect(scaleLimits({ width: 100, height: 100 }, frame)).toEqual({ min: 1, max: 64 });
    expect(zoomBy(fitView(image, frame), 0.5, image, frame).scale).toBe(0.5);
  });

  it('keeps the point under the pointer in place while zooming', () => {
    const point = { x: 200, y: 0 };
    const zoomed = zoomBy({ scale: 1, x: 0, y: 0 }, 2, image, frame, point);
    // The image pixel under the pointer, before and after.
    expect((point.x - zoomed.x) / zoomed.scale).toBeCloseTo(200);
    expect(zoomed.scale).toBe(2);
  });

  it('goes to 1:1 from any zoom, and pans only as far as the image overhangs the frame', () => {
    expect(actualSize(fitView(image, frame), image, frame).scale).toBe(1);
    const panned = panBy({ scale: 1, x: 0, y: 0 }, 10_000, -10_000, image, frame);
    expect(panned).toEqual({ scale: 1, x: 500, y: -100 });
    expect(panBy(fitView(image, frame), 50, 50, image, frame)).toEqual({ scale: 0.5, x: 0, y: 0 });
  });
});
