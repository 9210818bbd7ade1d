/**
 * The preview's zoom and pan as plain arithmetic. A scale of 1 shows one image
 * pixel per CSS pixel (1:1); "fit" is the scale at which the whole image fills
 * the frame. The offset is where the image's centre sits from the frame's.
 */
export interface Size {
  width: number;
  height: number;
}

export interface ZoomView {
  scale: number;
  x: number;
  y: number;
}

/** How much one press of + or − zooms. */
export const ZOOM_STEP = 1.25;
/** How far past 1:1 (or past fit, for an image smaller than the frame) one may zoom. */
const MAX_OVER = 8;

export function fitScale(image: Size, frame: Size): number {
  if (image.width <= 0 || image.height <= 0 || frame.width <= 0 || frame.height <= 0) return 1;
  return Math.min(frame.width / image.width, frame.height / image.height);
}

export function fitView(image: Size, frame: Size): ZoomView {
  return { scale: fitScale(image, frame), x: 0, y: 0 };
}

/** The smallest and largest scale: never smaller than both fit and 1:1, never past 8× the larger. */
export function scaleLimits(image: Size, frame: Size): { min: number; max: number } {
  const fit = fitScale(image, frame);
  return { min: Math.min(fit, 1), max: Math.max(fit, 1) * MAX_OVER };
}

/** Keeps the image over the frame: it may move only as far as it overhangs. */
export function clampPan(view: ZoomView, image: Size, frame: Size): ZoomView {
  const maxX = Math.max(0, (image.width * view.scale - frame.width) / 2);
  const maxY = Math.max(0, (image.height * view.scale - frame.height) / 2);
  return { scale: view.scale, x: clamp(view.x, -maxX, maxX), y: clamp(view.y, -maxY, maxY) };
}

/**
 * Scales by `factor` around `point` (from the frame's centre), so what is under
 * the pointer stays under it; the frame's centre when no point is given.
 */
export function zoomBy(
  view: ZoomView,
  factor: number,
  image: Size,
  frame: Size,
  point: { x: number; y: number } = { x: 0, y: 0 },
): ZoomView {
  const { min, max } = scaleLimits(image, frame);
  const scale = clamp(view.scale * factor, min, max);
  const ratio = scale / view.scale;
  return clampPan(
    { scale, x: point.x - (point.x - view.x) * ratio, y: point.y - (point.y - view.y) * ratio },
    image,
    frame,
  );
}

/** One image pixel per CSS pixel, keeping the centre of what is shown in the centre. */
export function actualSize(view: ZoomView, image: Size, frame: Size): ZoomView {
  return zoomBy(view, 1 / view.scale, image, frame);
}

export function panBy(view: ZoomView, dx: number, dy: number, image: Size, frame: Size): ZoomView {
  return clampPan({ scale: view.scale, x: view.x + dx, y: view.y + dy }, image, frame);
}

/** The factor a wheel turn zooms by: smooth for trackpads, a step per notch for mice. */
export function wheelFactor(deltaY: number): number {
  return Math.exp(-clamp(deltaY, -120, 120) * 0.0019);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
